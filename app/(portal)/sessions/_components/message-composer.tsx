'use client';

import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import type { SendMessageResult, SessionDto } from '@/lib/sessions/schemas';
import { apiFetch } from '@/lib/swr/fetcher';
import { sessionUrl } from '@/lib/swr/use-session';
import styles from './sessions.module.css';
import { useCountdown } from './use-countdown';

export function MessageComposer({
  session,
  onSent,
  onStale,
}: {
  session: SessionDto;
  onSent: (result: SendMessageResult) => Promise<void>;
  /** Devin says the session is not what this page shows (it ended meanwhile): re-read it. */
  onStale: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [waitSeconds, startWait] = useCountdown();

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const message = text.trim();
    if (!message || busy || waitSeconds > 0) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const result = await apiFetch<SendMessageResult>(`${sessionUrl(session.orgId, session.sessionId)}/messages`, { method: 'POST', json: { message } });
      setText('');
      if (result.sentAs === 'service-user') {
        setNotice("Sent as the portal's service user: the portal may not act as you in Devin. The portal's trail records that you sent it.");
      }
      await onSent(result);
    } catch (err) {
      const summary = summarizeError(err);
      if (summary.code === 'rate_limited') startWait(summary.retryAfterSeconds ?? 5);
      if (summary.code === 'conflict') onStale();
      setError(errorText(summary));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void send();
  }

  return (
    <form className={styles.composer} onSubmit={(e) => void send(e)} aria-label="Send Devin a message">
      <div className="field">
        <label htmlFor="message">Message Devin</label>
        <textarea
          id="message"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          maxLength={30_000}
          aria-describedby="message-hint"
          disabled={busy}
        />
        <span id="message-hint" className="hint">
          {session.status === 'suspended' ? 'Devin is asleep; your message wakes it up. ' : ''}Ctrl+Enter sends.
        </span>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || text.trim() === '' || waitSeconds > 0}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      <div aria-live="polite">
        {error && (
          <div className="alert alert-error" role="alert" style={{ marginTop: 10 }}>
            {waitSeconds > 0 ? `Devin is rate limiting; try again in ${waitSeconds} s.` : error}
          </div>
        )}
        {notice && (
          <div className="alert alert-warning" style={{ marginTop: 10 }} data-testid="sent-as-service-user">
            {notice}
          </div>
        )}
      </div>
    </form>
  );
}
