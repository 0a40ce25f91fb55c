'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useHydrated } from '@/app/_components/use-hydrated';
import { apiFetch } from '@/lib/swr/fetcher';

function useAction(url: string) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await apiFetch(url, { method: 'POST' });
      setMessage({ ok: true, text: done });
      // The runner delivers within a moment; show the result without a manual reload.
      setTimeout(() => router.refresh(), 1_500);
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : 'That did not work.' });
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, run };
}

/** Queues a test message to the webhook, through the same job and signing as real alerts. */
export function SendTestAlertButton({ configured }: { configured: boolean }) {
  const hydrated = useHydrated();
  const { busy, message, run } = useAction('/api/admin/alerts/test');
  return (
    <div className="stack" style={{ gap: 4 }}>
      <button type="button" className="btn primary" onClick={() => void run('Test message queued; it is listed below once sent.')} disabled={!hydrated || busy} aria-busy={busy}>
        {busy ? 'Sending…' : 'Send a test message'}
      </button>
      {!configured && <span className="small muted">No webhook is configured: the test is only listed here.</span>}
      <span role="status" aria-live="polite" className={`small ${message && !message.ok ? 'field-error' : 'muted'}`}>
        {message?.text}
      </span>
    </div>
  );
}

/** Gives a failed job three more attempts, starting now. */
export function RetryJobButton({ jobId, kind }: { jobId: string; kind: string }) {
  const hydrated = useHydrated();
  const { busy, message, run } = useAction(`/api/admin/jobs/${encodeURIComponent(jobId)}/retry`);
  return (
    <div className="stack" style={{ gap: 4 }}>
      <button type="button" className="btn" onClick={() => void run('Queued again.')} disabled={!hydrated || busy} aria-busy={busy} aria-label={`Retry job ${kind}`}>
        {busy ? 'Retrying…' : 'Retry now'}
      </button>
      <span role="status" aria-live="polite" className={`small ${message && !message.ok ? 'field-error' : 'muted'}`}>
        {message?.text}
      </span>
    </div>
  );
}
