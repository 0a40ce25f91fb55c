'use client';

import { useState } from 'react';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import type { SessionDto } from '@/lib/sessions/schemas';
import { isFinalStatus } from '@/lib/sessions/status';
import { apiFetch } from '@/lib/swr/fetcher';
import { sessionUrl } from '@/lib/swr/use-session';
import { ConfirmDialog } from './confirm-dialog';

type Pending = 'terminate' | 'archive' | null;

/** Terminate and archive, each behind a confirmation. */
export function SessionActions({
  session,
  onChanged,
  onStale,
}: {
  session: SessionDto;
  onChanged: (session: SessionDto) => Promise<void>;
  /** Devin says the session is not what this page shows (it ended meanwhile): re-read it. */
  onStale: () => void;
}) {
  const [dialog, setDialog] = useState<Pending>(null);
  const [alsoArchive, setAlsoArchive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = sessionUrl(session.orgId, session.sessionId);
  const canTerminate = !session.isArchived && !isFinalStatus(session.status);

  function open(which: Exclude<Pending, null>) {
    setError(null);
    setAlsoArchive(false);
    setDialog(which);
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const updated =
        dialog === 'terminate'
          ? await apiFetch<SessionDto>(`${url}?archive=${alsoArchive}`, { method: 'DELETE' })
          : await apiFetch<SessionDto>(`${url}/archive`, { method: 'POST' });
      await onChanged(updated);
      setDialog(null);
    } catch (err) {
      const summary = summarizeError(err);
      if (summary.code === 'conflict') onStale();
      setError(errorText(summary));
    } finally {
      setBusy(false);
    }
  }

  if (session.isArchived) return <p className="muted small">Archived: it can be read, but no longer changed or continued.</p>;

  return (
    <>
      <div className="row">
        {canTerminate && (
          <button type="button" className="btn btn-danger" onClick={() => open('terminate')}>
            Terminate…
          </button>
        )}
        <button type="button" className="btn" onClick={() => open('archive')}>
          Archive…
        </button>
      </div>
      <ConfirmDialog
        open={dialog === 'terminate'}
        title="Terminate this session?"
        confirmLabel="Terminate"
        busyLabel="Terminating…"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => setDialog(null)}
      >
        <p>Devin stops working on it for good. A terminated session cannot be resumed.</p>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={alsoArchive} onChange={(e) => setAlsoArchive(e.target.checked)} />
          Also archive it
        </label>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'archive'}
        title="Archive this session?"
        confirmLabel="Archive"
        busyLabel="Archiving…"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => setDialog(null)}
      >
        <p>It stays readable, but no one can change or continue it. If Devin is working on it, Devin is put to sleep.</p>
      </ConfirmDialog>
    </>
  );
}
