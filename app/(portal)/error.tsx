'use client';

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>This page could not be shown</h1>
      <p className="muted">Something went wrong while loading it. Try again; if it keeps failing, tell the platform team.</p>
      {error.digest && <p className="small muted">Reference: {error.digest}</p>}
      <button type="button" className="btn btn-primary" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
