'use client';

import Link from 'next/link';

export interface ErrorBoundaryProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/** What an area's error.tsx shows: what failed, a retry, a way out, and a reference for the logs. */
export function ErrorPanel({ title, error, reset }: ErrorBoundaryProps & { title: string }) {
  return (
    <div className="card" role="alert">
      <h1>{title}</h1>
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
