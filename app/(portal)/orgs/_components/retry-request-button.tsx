'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch } from '@/lib/swr/fetcher';
import { useHydrated } from '@/app/_components/use-hydrated';

/** Retries a creation that failed; the portal looks for an org an earlier try made before creating one. */
export function RetryRequestButton({ requestId, name, onDone }: { requestId: string; name: string; onDone?: () => Promise<unknown> }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/org-requests/${requestId}/retry`, { method: 'POST' });
      await onDone?.();
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Retrying failed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack" style={{ gap: 4 }}>
      <button type="button" className="btn" onClick={() => void retry()} disabled={!hydrated || busy} aria-busy={busy} aria-label={`Retry creating ${name}`}>
        {busy ? 'Retrying…' : 'Retry'}
      </button>
      <span role="status" aria-live="polite" className="small field-error">
        {error}
      </span>
    </div>
  );
}
