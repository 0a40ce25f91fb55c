'use client';

import Link from 'next/link';
import { type FormEvent, useRef, useState } from 'react';
import type { ErrorEnvelope } from '@/lib/api/error-codes';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import { readNdjson } from '@/lib/sessions/ndjson';
import { MAX_BATCH_ORGS, loadSessionRules, preloadSessionRules } from '@/lib/sessions/limits';
import type { BatchEvent, BatchSessionsBody, CreateSessionResult, ErrorSummary } from '@/lib/sessions/schemas';
import { useSubmitGuard } from '@/lib/forms/submit-guard';
import { ApiClientError } from '@/lib/swr/fetcher';
import { type FieldErrors, SessionFields, fieldErrorOf, fieldErrorsOf, readSessionFields } from './session-fields';
import styles from './sessions.module.css';
import { type OrgChoice, sessionHref } from './start-session-form';

type RowState = { state: 'waiting' } | { state: 'lost' } | ({ state: 'done' } & (CreateSessionResult | { outcome: 'failed'; error: ErrorSummary }));

interface Run {
  body: BatchSessionsBody;
  orgs: { orgId: string; name: string }[];
  rows: Record<string, RowState>;
  finished: boolean;
  /** The run as a whole broke (the connection dropped, or the portal failed mid-way). */
  error: string | null;
}

/**
 * POSTs the batch and hands over each NDJSON line as it arrives. One request
 * rather than one per org: the server bounds concurrency for everyone, checks
 * access to all orgs before writing anything, and records the run under one request id.
 */
async function streamBatch(body: BatchSessionsBody, onEvent: (event: BatchEvent) => void) {
  let res: Response;
  try {
    res = await fetch('/api/sessions/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiClientError(0, 'network_error', 'The portal could not be reached. Check your connection and try again.');
  }
  if (!res.ok || !res.body) {
    const envelope = (await res.json().catch(() => null)) as ErrorEnvelope | null;
    if (envelope?.error) throw new ApiClientError(res.status, envelope.error.code, envelope.error.message, envelope.error);
    throw new ApiClientError(res.status, 'internal_error', `The portal answered ${res.status}.`);
  }
  await readNdjson(res.body, onEvent);
}

export function BatchRunForm({ orgs }: { orgs: OrgChoice[] }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ErrorSummary | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const guarded = useSubmitGuard();
  const resultsRef = useRef<HTMLElement>(null);
  const running = run !== null && !run.finished;

  function toggle(orgId: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(orgId);
      else next.delete(orgId);
      return next;
    });
  }

  async function start(body: BatchSessionsBody) {
    const names = new Map(orgs.map((o) => [o.orgId, o.name]));
    setFailure(null);
    setRun({
      body,
      orgs: body.orgIds.map((orgId) => ({ orgId, name: names.get(orgId) ?? orgId })),
      rows: Object.fromEntries(body.orgIds.map((orgId) => [orgId, { state: 'waiting' }])),
      finished: false,
      error: null,
    });
    requestAnimationFrame(() => resultsRef.current?.focus());
    const update = (change: (r: Run) => Run) => setRun((r) => (r ? change(r) : r));
    try {
      await streamBatch(body, (event) => {
        if (event.type === 'org') {
          const { type: _type, orgId, ...result } = event;
          update((r) => ({ ...r, rows: { ...r.rows, [orgId]: { state: 'done', ...result } } }));
        } else if (event.type === 'error') {
          update((r) => ({ ...r, error: errorText(event.error) }));
        }
      });
      update(finish(null));
    } catch (err) {
      // Only the request itself fails with an ApiClientError; once lines flow, a failure means the stream broke.
      if (err instanceof ApiClientError) {
        setRun(null);
        const fieldError = fieldErrorOf(err);
        if (fieldError) {
          setErrors(fieldError);
          focusField(Object.keys(fieldError)[0]!);
        } else setFailure(summarizeError(err));
        return;
      }
      update(finish('The connection to the portal dropped before every result arrived. Sessions already started keep running; check the sessions list.'));
    }
  }

  function finish(error: string | null) {
    return (r: Run): Run => ({
      ...r,
      finished: true,
      error: r.error ?? error,
      rows: Object.fromEntries(Object.entries(r.rows).map(([id, row]) => [id, row.state === 'waiting' ? { state: 'lost' } : row])),
    });
  }

  function focusField(field: string) {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus());
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return guarded(() => checkAndStart(form));
  }

  async function checkAndStart(form: FormData) {
    const fields = { ...readSessionFields(form), orgIds: [...selected] };
    let rules;
    try {
      rules = await loadSessionRules();
    } catch (err) {
      setFailure(summarizeError(err));
      return;
    }
    const parsed = rules.batchSessionsBodySchema.safeParse(fields);
    if (!parsed.success) {
      const found = fieldErrorsOf(parsed.error);
      setErrors(found);
      focusField(Object.keys(found)[0] ?? 'prompt');
      return;
    }
    setErrors({});
    await start(parsed.data);
  }

  function rerun(outcome: 'duplicate' | 'failed') {
    if (!run) return;
    const orgIds = run.orgs.map((o) => o.orgId).filter((id) => {
      const row = run.rows[id];
      return row?.state === 'done' ? row.outcome === outcome : outcome === 'failed' && row?.state === 'lost';
    });
    void start({ ...run.body, orgIds, confirmDuplicate: outcome === 'duplicate' });
  }

  const rows = run ? run.orgs.map((o) => ({ ...o, row: run.rows[o.orgId]! })) : [];
  const done = rows.filter((r) => r.row.state !== 'waiting').length;
  const count = (outcome: string) => rows.filter((r) => r.row.state === 'done' && r.row.outcome === outcome).length;
  const failedOrLost = rows.filter((r) => r.row.state === 'lost' || (r.row.state === 'done' && r.row.outcome === 'failed')).length;

  return (
    <>
      <form
        ref={formRef}
        onSubmit={(e) => void onSubmit(e)}
        onFocus={preloadSessionRules}
        noValidate
        className="card"
        aria-label="Run in several organizations"
        data-testid="batch-form"
      >
        {failure && (
          <div className="alert alert-error" role="alert" style={{ marginBottom: 16 }}>
            <strong>Nothing was started</strong>
            {errorText(failure)}
          </div>
        )}
        <fieldset className={styles.orgChecklist} aria-describedby={errors.orgIds ? 'batch-orgs-error' : undefined}>
          <legend>Organizations</legend>
          <div className="row" style={{ marginBottom: 4 }}>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => setSelected(new Set(orgs.slice(0, MAX_BATCH_ORGS).map((o) => o.orgId)))}
              disabled={running}
            >
              Select all{orgs.length > MAX_BATCH_ORGS ? ` (first ${MAX_BATCH_ORGS})` : ''}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setSelected(new Set())} disabled={running}>
              Clear
            </button>
            <span className="muted small">{selected.size} chosen</span>
          </div>
          {orgs.map((o) => (
            <label key={o.orgId} className={styles.orgOption}>
              <input
                type="checkbox"
                name="orgIds"
                value={o.orgId}
                checked={selected.has(o.orgId)}
                onChange={(e) => toggle(o.orgId, e.target.checked)}
                disabled={running}
              />
              {o.name}
              {!o.member && <span className="muted small">(not a member: started as the service user)</span>}
            </label>
          ))}
          {errors.orgIds && (
            <span id="batch-orgs-error" className="field-error" style={{ color: 'var(--danger)' }}>
              {errors.orgIds}
            </span>
          )}
        </fieldset>
        <SessionFields errors={errors} idPrefix="batch" />
        <button type="submit" className="btn btn-primary" disabled={running}>
          {running ? 'Starting…' : `Start in ${selected.size || ''} ${selected.size === 1 ? 'organization' : 'organizations'}`}
        </button>
      </form>

      {run && (
        <section ref={resultsRef} tabIndex={-1} className="card" aria-labelledby="batch-results-heading" style={{ marginTop: 16 }} data-testid="batch-results">
          <div className="card-header">
            <h2 id="batch-results-heading">Results</h2>
          </div>
          <div role="status" aria-live="polite" data-testid="batch-progress">
            {run.finished
              ? `Done: ${[`${count('created')} started`, count('duplicate') > 0 && `${count('duplicate')} had it already`, `${failedOrLost} failed`].filter(Boolean).join(', ')}.`
              : `Starting… ${done} of ${rows.length} done.`}
          </div>
          <div
            className={styles.progress}
            role="progressbar"
            aria-label="Organizations done"
            aria-valuemin={0}
            aria-valuemax={rows.length}
            aria-valuenow={done}
          >
            <div className={styles.progressBar} style={{ width: `${rows.length ? (done / rows.length) * 100 : 0}%` }} />
          </div>
          {run.error && (
            <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>
              {run.error}
            </div>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Organization</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ orgId, name, row }) => (
                  <tr key={orgId} data-testid={`batch-row-${orgId}`}>
                    <td>{name}</td>
                    <td>
                      <BatchResult row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {run.finished && (count('duplicate') > 0 || failedOrLost > 0) && (
            <div className="row" style={{ marginTop: 12 }}>
              {failedOrLost > 0 && (
                <button type="button" className="btn" onClick={() => rerun('failed')}>
                  Try the failed ones again
                </button>
              )}
              {count('duplicate') > 0 && (
                <button type="button" className="btn" onClick={() => rerun('duplicate')}>
                  Start a second session where this prompt already ran
                </button>
              )}
            </div>
          )}
        </section>
      )}
    </>
  );
}

function BatchResult({ row }: { row: RowState }) {
  if (row.state === 'waiting') return <span className="muted">Waiting…</span>;
  if (row.state === 'lost') return <span className="badge badge-warning">Unknown: the connection dropped</span>;
  if (row.outcome === 'failed') {
    return (
      <span className="stack" style={{ gap: 2 }}>
        <span className="badge badge-danger" style={{ alignSelf: 'flex-start' }}>
          Failed
        </span>
        <span className="small">{errorText(row.error)}</span>
      </span>
    );
  }
  if (row.outcome === 'duplicate') {
    return (
      <span className="row">
        <span className="badge badge-warning">Already started</span>
        <Link href={`/sessions/${row.session.orgId}/${row.session.sessionId}`}>Open the earlier session</Link>
      </span>
    );
  }
  return (
    <span className="row">
      <span className="badge badge-success">{row.startedAs === 'you' ? 'Started as you' : "Started as the service user"}</span>
      <Link href={sessionHref(row)}>Open session</Link>
    </span>
  );
}
