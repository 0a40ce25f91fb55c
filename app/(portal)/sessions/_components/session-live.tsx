'use client';

import { useEffect, useRef } from 'react';
import { formatAcus, formatDateTime } from '@/lib/format';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import type { MessagesSnapshot } from '@/lib/sessions/messages-tail';
import type { SessionDetailDto, SessionDto } from '@/lib/sessions/schemas';
import { describeStatus, isFinalStatus } from '@/lib/sessions/status';
import { useSession } from '@/lib/swr/use-session';
import { useSessionMessages } from '@/lib/swr/use-session-messages';
import { MessageComposer } from './message-composer';
import { SessionActions } from './session-actions';
import { StatusBadge } from './status-badge';
import styles from './sessions.module.css';
import { TagsEditor } from './tags-editor';

/** A session followed live: status, conversation, and (for those who may steer it) messages, tags, terminate and archive. */
export function SessionLive({
  initial,
  initialMessages,
  orgName,
  sessionCap,
}: {
  initial: SessionDetailDto;
  initialMessages: MessagesSnapshot;
  orgName: string;
  /** The org's per-session ACU cap; null = none. */
  sessionCap: number | null;
}) {
  const { orgId, sessionId } = initial;
  const { session, error, pollDelayMs, apply, mutate: refreshSession } = useSession(orgId, sessionId, initial);
  const conversation = useSessionMessages(orgId, sessionId, initialMessages, pollDelayMs);
  const { mutate: refreshMessages } = conversation;
  const ended = isFinalStatus(session.status);
  const writable = session.canSteer && !session.isArchived && !ended;

  // Whatever changed the session may have said something: covers the last poll, after which polling stops.
  useEffect(() => {
    void refreshMessages();
  }, [session.updatedAt, session.status, refreshMessages]);

  const logRef = useRef<HTMLDivElement>(null);
  const count = conversation.messages.length;
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [count]);

  const onChanged = async (updated: SessionDto) => {
    await apply(updated);
    await refreshMessages();
  };
  const onStale = () => void refreshSession();

  return (
    <>
      <section className="card" aria-label="Status" style={{ marginBottom: 16 }}>
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <div role="status" aria-live="polite" aria-atomic="true" className="row">
            <span className="sr-only">Status: {statusText(session)}</span>
            <span aria-hidden>
              <StatusBadge status={session.status} detail={session.statusDetail} archived={session.isArchived} />
            </span>
          </div>
          <LiveIndicator delayMs={pollDelayMs} archived={session.isArchived} />
        </div>
        {error && (
          <div className="alert alert-warning" role="status" style={{ marginTop: 12 }}>
            Could not check on the session just now. {errorText(summarizeError(error))} The portal keeps trying.
          </div>
        )}
      </section>

      <div className={styles.layout}>
        <section className="card" aria-labelledby="conversation-heading">
          <div className="card-header">
            <h2 id="conversation-heading">Conversation</h2>
            <span className="muted small">{count === 1 ? "1 message" : `${count} messages`}</span>
          </div>
          {count === 0 ? (
            <p className="muted">Nothing said yet.</p>
          ) : (
            <div ref={logRef} className={styles.conversation} role="log" aria-label="Messages" data-testid="messages" tabIndex={0}>
              {conversation.messages.map((m) => (
                <div key={m.eventId} className={styles.message} data-source={m.source}>
                  <span className={styles.messageMeta}>
                    {m.source === 'devin' ? 'Devin' : 'User'} · {formatDateTime(m.createdAt)}
                  </span>
                  {m.message}
                </div>
              ))}
            </div>
          )}
          {conversation.error && (
            <p className="small muted" role="status">
              New messages could not be read: {errorText(summarizeError(conversation.error))}
            </p>
          )}
          {writable ? (
            <MessageComposer session={session} onSent={(result) => onChanged(result.session)} onStale={onStale} />
          ) : (
            <p className="muted small" style={{ marginTop: 16 }} data-testid="composer-unavailable">
              {!session.canSteer
                ? 'Only the person who started this session, an admin of its organization or a portal admin can message it.'
                : session.isArchived
                  ? 'This session is archived; it cannot be continued.'
                  : 'This session has ended; it cannot be continued.'}
            </p>
          )}
        </section>

        <aside className="stack" style={{ gap: 16 }}>
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <dl className="kv">
              <dt>Organization</dt>
              <dd>{orgName}</dd>
              <dt>Started by</dt>
              <dd>
                {session.owner === 'you'
                  ? 'You'
                  : session.owner === 'member'
                    ? 'A teammate'
                    : `The portal's service user${session.requestedBy ? `, for ${session.requestedBy}` : ''}`}
              </dd>
              <dt>Created</dt>
              <dd>{formatDateTime(session.createdAt)}</dd>
              <dt>Updated</dt>
              <dd>{formatDateTime(session.updatedAt)}</dd>
              <dt>ACUs used</dt>
              <dd data-testid="session-acus">
                {formatAcus(session.acusConsumed)}
                {sessionCap !== null ? (
                  <>
                    <span className="muted"> of {formatAcus(sessionCap)}</span>
                    <meter
                      className={styles.capMeter}
                      min={0}
                      max={sessionCap}
                      low={sessionCap * 0.75}
                      high={sessionCap * 0.9}
                      optimum={0}
                      value={Math.min(session.acusConsumed, sessionCap)}
                      aria-label="ACUs used of the per-session cap"
                    >
                      {Math.round((session.acusConsumed / sessionCap) * 100)}%
                    </meter>
                    <span className="small muted">
                      {session.acusConsumed >= sessionCap ? `${orgName}'s per-session cap is reached; Devin stops here.` : `${orgName}'s per-session cap.`}
                    </span>
                  </>
                ) : (
                  <span className="small muted"> · no per-session cap</span>
                )}
              </dd>
              {session.playbookId && (
                <>
                  <dt>Playbook</dt>
                  <dd className="mono">{session.playbookId}</dd>
                </>
              )}
              <dt>Pull requests</dt>
              <dd>
                {session.pullRequests.length === 0
                  ? 'None yet'
                  : session.pullRequests.map((pr) => (
                      <div key={pr.url}>
                        <a href={pr.url} target="_blank" rel="noreferrer">
                          {pr.url.replace(/^https?:\/\//, '')}
                        </a>
                        {pr.state && <span className="muted small"> · {pr.state}</span>}
                      </div>
                    ))}
              </dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="tags-heading">
            <h2 id="tags-heading">Tags</h2>
            <TagsEditor
              orgId={orgId}
              sessionId={sessionId}
              tags={session.tags}
              editable={writable}
              onChanged={(tags) => apply({ ...session, tags })}
            />
          </section>
          {session.canSteer && (
            <section className="card" aria-labelledby="actions-heading">
              <h2 id="actions-heading">Actions</h2>
              <SessionActions session={session} onChanged={onChanged} onStale={onStale} />
            </section>
          )}
        </aside>
      </div>
    </>
  );
}

function statusText(session: SessionDto): string {
  const { label, detail } = describeStatus(session.status, session.statusDetail);
  return [label, detail, session.isArchived && 'archived'].filter(Boolean).join(', ');
}

function LiveIndicator({ delayMs, archived }: { delayMs: number; archived: boolean }) {
  const stopped = delayMs === 0;
  const text = !stopped ? `Live · checking every ${Math.round(delayMs / 1000)} s` : archived ? 'Archived · no longer checking' : 'Ended · no longer checking';
  return (
    <span className={styles.live} data-testid="live-indicator">
      <span className={styles.liveDot} data-stopped={stopped} aria-hidden />
      {text}
    </span>
  );
}
