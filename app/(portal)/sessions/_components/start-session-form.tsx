'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import { loadSessionRules, preloadSessionRules } from '@/lib/sessions/limits';
import type { CreateSessionBody, CreateSessionResult, ErrorSummary } from '@/lib/sessions/schemas';
import { useSubmitGuard } from '@/lib/forms/submit-guard';
import { apiFetch } from '@/lib/swr/fetcher';
import { type FieldErrors, SessionFields, capError, fieldErrorOf, fieldErrorsOf, readSessionFields } from './session-fields';
import { useCountdown } from './use-countdown';

export interface OrgChoice {
  orgId: string;
  name: string;
  /** Devin lists the person in it, so the session can be started as them. */
  member: boolean;
  /** The org's per-session ACU cap; null = none. */
  sessionCap: number | null;
}

type Duplicate = Extract<CreateSessionResult, { outcome: 'duplicate' }> & { orgId: string; body: CreateSessionBody };

/** Where a new session opens, telling its page how it was started. */
export function sessionHref(result: Extract<CreateSessionResult, { outcome: 'created' }>) {
  const notice = result.startedAs === 'you' ? 'started=you' : `started=service-user&reason=${result.reason}`;
  return `/sessions/${result.session.orgId}/${result.session.sessionId}?${notice}`;
}

export function StartSessionForm({ orgs, defaultOrgId }: { orgs: OrgChoice[]; defaultOrgId?: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ErrorSummary | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [waitSeconds, startWait] = useCountdown();
  const [orgId, setOrgId] = useState(defaultOrgId && orgs.some((o) => o.orgId === defaultOrgId) ? defaultOrgId : (orgs[0]?.orgId ?? ''));
  const formRef = useRef<HTMLFormElement>(null);
  const guarded = useSubmitGuard();
  const noticeRef = useRef<HTMLDivElement>(null);
  const chosen = orgs.find((o) => o.orgId === orgId);
  const cap = chosen ? { orgName: chosen.name, value: chosen.sessionCap } : undefined;

  async function submit(targetOrgId: string, body: CreateSessionBody) {
    setSubmitting(true);
    setFailure(null);
    setDuplicate(null);
    try {
      const result = await apiFetch<CreateSessionResult>(`/api/orgs/${encodeURIComponent(targetOrgId)}/sessions`, { method: 'POST', json: body });
      if (result.outcome === 'duplicate') {
        setDuplicate({ ...result, orgId: targetOrgId, body });
        requestAnimationFrame(() => noticeRef.current?.focus());
        return;
      }
      router.push(sessionHref(result));
    } catch (err) {
      const summary = summarizeError(err);
      const fieldError = fieldErrorOf(err);
      if (fieldError) {
        setErrors(fieldError);
        focusField(Object.keys(fieldError)[0]!);
      } else {
        setFailure(summary);
        if (summary.code === 'rate_limited') startWait(summary.retryAfterSeconds ?? 5);
        requestAnimationFrame(() => noticeRef.current?.focus());
      }
    } finally {
      setSubmitting(false);
    }
  }

  function focusField(field: string) {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus());
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return guarded(() => checkAndSubmit(form));
  }

  async function checkAndSubmit(form: FormData) {
    const fields = readSessionFields(form);
    let rules;
    try {
      rules = await loadSessionRules();
    } catch (err) {
      setFailure(summarizeError(err));
      return;
    }
    const parsed = rules.createSessionBodySchema.safeParse(fields);
    if (!parsed.success) {
      const found = fieldErrorsOf(parsed.error);
      setErrors(found);
      focusField(Object.keys(found)[0] ?? 'prompt');
      return;
    }
    const overCap = capError(parsed.data.maxAcuLimit, cap);
    if (overCap) {
      setErrors({ maxAcuLimit: overCap });
      focusField('maxAcuLimit');
      return;
    }
    setErrors({});
    await submit(orgId, parsed.data);
  }

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void onSubmit(e)}
      onFocus={preloadSessionRules}
      noValidate
      aria-describedby="start-notice"
      data-testid="start-session-form"
    >
      <div id="start-notice" ref={noticeRef} tabIndex={-1} aria-live="polite">
        {failure && (
          <div className="alert alert-error" role="alert" style={{ marginBottom: 16 }}>
            <strong>The session was not started</strong>
            {failure.code === 'rate_limited' && waitSeconds > 0
              ? `Devin is rate limiting; try again in ${waitSeconds} s.`
              : errorText(failure)}
          </div>
        )}
        {duplicate && (
          <div className="alert alert-info" style={{ marginBottom: 16 }} data-testid="duplicate-notice">
            <strong>You already started this prompt here</strong>
            You sent the same prompt to {orgs.find((o) => o.orgId === duplicate.orgId)?.name ?? 'this organization'} at{' '}
            {formatDateTime(duplicate.submittedAt)}, so no second session was started.
            <div className="row" style={{ marginTop: 10 }}>
              <Link className="btn btn-primary" href={`/sessions/${duplicate.session.orgId}/${duplicate.session.sessionId}`}>
                Open that session
              </Link>
              <button
                type="button"
                className="btn"
                disabled={submitting}
                onClick={() => void submit(duplicate.orgId, { ...duplicate.body, confirmDuplicate: true })}
              >
                Start another anyway
              </button>
            </div>
          </div>
        )}
      </div>

      <div className="field">
        <label htmlFor="start-org">Organization</label>
        <select id="start-org" name="orgId" value={orgId} onChange={(e) => setOrgId(e.target.value)} aria-describedby="start-org-hint">
          {orgs.map((o) => (
            <option key={o.orgId} value={o.orgId}>
              {o.name}
            </option>
          ))}
        </select>
        <span id="start-org-hint" className="hint">
          {chosen?.member
            ? 'Started as you: it counts as yours in Devin.'
            : "You are not a member of this organization in Devin, so it will be started as the portal's service user (recorded with your name in the portal)."}
        </span>
      </div>
      <SessionFields errors={errors} idPrefix="start" sessionCap={cap} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={submitting || waitSeconds > 0}>
          {submitting ? 'Starting…' : 'Start session'}
        </button>
        <Link href="/sessions" className="btn btn-ghost">
          Cancel
        </Link>
      </div>
    </form>
  );
}
