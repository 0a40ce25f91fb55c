'use client';

import Link from 'next/link';

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>The audit log could not be shown</h1>
      <p className="muted">Something went wrong while loading it. Try again; if it keeps failing, tell the platform team.</p>
      {error.digest && <p className="small muted">Reference: {error.digest}</p>}
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="btn">
          Back to the overview
        </Link>
      </div>
    </div>
  );
}
