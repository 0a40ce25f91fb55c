'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { SubmitOrgRequestResult } from '@/lib/orgs/dto';
import { decideOrgRequest, loadOrgRules, preloadOrgRules, type OrgPolicy, type OrgRequestInput } from '@/lib/policy/org-policy';
import { apiFetch, ApiClientError } from '@/lib/swr/fetcher';
import { formatAcus, formatDateTime } from '@/lib/format';
import styles from './org-request-form.module.css';
import { useHydrated } from '@/app/_components/use-hydrated';

type Field = 'name' | 'maxCycleAcuLimit' | 'maxSessionAcuLimit' | 'reason';
type Values = Record<Field, string>;
type Preview = Extract<SubmitOrgRequestResult, { outcome: 'preview' }>;
type Done = Exclude<SubmitOrgRequestResult, Preview>;

const FIELDS: Field[] = ['name', 'maxCycleAcuLimit', 'maxSessionAcuLimit', 'reason'];
const EMPTY: Values = { name: '', maxCycleAcuLimit: '', maxSessionAcuLimit: '', reason: '' };

const newKey = () => crypto.randomUUID();

function toInput(v: Values) {
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  return { name: v.name, maxCycleAcuLimit: num(v.maxCycleAcuLimit), maxSessionAcuLimit: num(v.maxSessionAcuLimit), reason: v.reason };
}

/** Request an org: validate as you go, review exactly what will be sent to Devin, then create or send for approval. */
export function OrgRequestForm({ policy }: { policy: OrgPolicy }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stage, setStage] = useState<'edit' | 'checking' | 'review' | 'sending' | 'done'>('edit');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  // One key per reviewed request: a retry or a double click sends the same key, so Devin gets one create call.
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const sending = useRef(false);
  const fieldRefs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const panelRef = useRef<HTMLHeadingElement>(null);

  const cycle = Number(values.maxCycleAcuLimit);
  const liveDecision = values.maxCycleAcuLimit.trim() && Number.isInteger(cycle) && cycle > 0 ? decideOrgRequest(policy, { maxCycleAcuLimit: cycle }) : null;

  useEffect(() => {
    if (stage === 'review' || stage === 'done') panelRef.current?.focus();
  }, [stage]);

  const update = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const showErrors = (found: Partial<Record<Field, string>>) => {
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) fieldRefs.current[first]?.focus();
  };

  const validate = async (): Promise<OrgRequestInput | null> => {
    const input = toInput(values);
    let rules;
    try {
      rules = await loadOrgRules();
    } catch {
      setFormError('The form could not load. Check your connection and try again.');
      return null;
    }
    const parsed = rules.orgRequestInputSchema(policy).safeParse(input);
    if (parsed.success) return parsed.data;
    const found: Partial<Record<Field, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field | undefined;
      if (field && !found[field]) found[field] = issue.message;
    }
    showErrors(found);
    return null;
  };

  const fail = (err: unknown) => {
    const field = err instanceof ApiClientError ? (err.info.field as Field | undefined) : undefined;
    const message = err instanceof Error ? err.message.replace(/^[\w.]+: /, '') : 'Something went wrong. Try again.';
    if (field && FIELDS.includes(field)) {
      setStage('edit');
      showErrors({ [field]: message });
    } else {
      setFormError(message);
    }
  };

  const review = async () => {
    setFormError(null);
    const input = await validate();
    if (!input) return;
    setStage('checking');
    try {
      const result = await apiFetch<SubmitOrgRequestResult>('/api/orgs', { method: 'POST', json: { ...input, idempotencyKey, dryRun: true } });
      if (result.outcome !== 'preview') throw new Error('The portal did not return a preview.');
      setPreview(result);
      setStage('review');
    } catch (err) {
      setStage('edit');
      fail(err);
    }
  };

  const send = async () => {
    if (sending.current) return;
    sending.current = true;
    const input = await validate();
    if (!input) {
      sending.current = false;
      return setStage('edit');
    }
    setFormError(null);
    setStage('sending');
    try {
      const result = await apiFetch<SubmitOrgRequestResult>('/api/orgs', { method: 'POST', json: { ...input, idempotencyKey, dryRun: false } });
      if (result.outcome === 'preview') throw new Error('The portal answered with a preview instead of creating.');
      if (result.outcome === 'created' && result.request.memberStatus === 'added' && result.request.orgId) {
        router.push(`/orgs/${result.request.orgId}?created=1`);
        return;
      }
      setDone(result);
      setStage('done');
    } catch (err) {
      setStage('review');
      fail(err);
    } finally {
      sending.current = false;
    }
  };

  const edit = () => {
    setStage('edit');
    setPreview(null);
    setFormError(null);
    setIdempotencyKey(newKey());
  };

  if (stage === 'done' && done) return <Result done={done} headingRef={panelRef} onRetry={() => void send()} />;

  const locked = stage !== 'edit';
  const describe = (f: Field) => [errors[f] && f === 'name' ? null : `${f}-hint`, errors[f] ? `${f}-error` : null].filter(Boolean).join(' ');

  return (
    <div className="stack" style={{ gap: 16 }}>
      <form
        className="card"
        noValidate
        aria-labelledby="request-form-title"
        onFocus={preloadOrgRules}
        onSubmit={(e) => {
          e.preventDefault();
          if (!locked) void review();
        }}
      >
        <h2 id="request-form-title">Your new organization</h2>
        <fieldset disabled={locked || !hydrated} className={styles.fieldset}>
          <div className="field">
            <label htmlFor="name">Name</label>
            <input
              id="name"
              name="name"
              ref={(el) => void (fieldRefs.current.name = el)}
              value={values.name}
              onChange={(e) => update('name', e.target.value)}
              aria-invalid={Boolean(errors.name)}
              aria-describedby={describe('name')}
              autoComplete="off"
              maxLength={200}
            />
            {/* The error restates the naming rule, so it replaces the hint rather than repeating it. */}
            {!errors.name && (
              <span id="name-hint" className="hint">
                {policy.nameHint}.
              </span>
            )}
            {errors.name && (
              <span id="name-error" className="field-error">
                {errors.name}
              </span>
            )}
          </div>
          <div className={styles.pair}>
            <div className="field">
              <label htmlFor="maxCycleAcuLimit">ACUs per billing cycle</label>
              <input
                id="maxCycleAcuLimit"
                name="maxCycleAcuLimit"
                type="number"
                inputMode="numeric"
                min={1}
                max={policy.maxCycleAcu}
                step={1}
                ref={(el) => void (fieldRefs.current.maxCycleAcuLimit = el)}
                value={values.maxCycleAcuLimit}
                onChange={(e) => update('maxCycleAcuLimit', e.target.value)}
                aria-invalid={Boolean(errors.maxCycleAcuLimit)}
                aria-describedby={describe('maxCycleAcuLimit')}
              />
              <span id="maxCycleAcuLimit-hint" className="hint">
                Up to {formatAcus(policy.maxCycleAcu)}. At or below {formatAcus(policy.autoApproveCycleAcu)} the org is created at once.
              </span>
              {errors.maxCycleAcuLimit && (
                <span id="maxCycleAcuLimit-error" className="field-error">
                  {errors.maxCycleAcuLimit}
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor="maxSessionAcuLimit">ACUs per session</label>
              <input
                id="maxSessionAcuLimit"
                name="maxSessionAcuLimit"
                type="number"
                inputMode="numeric"
                min={1}
                max={policy.maxSessionAcu}
                step={1}
                ref={(el) => void (fieldRefs.current.maxSessionAcuLimit = el)}
                value={values.maxSessionAcuLimit}
                onChange={(e) => update('maxSessionAcuLimit', e.target.value)}
                aria-invalid={Boolean(errors.maxSessionAcuLimit)}
                aria-describedby={describe('maxSessionAcuLimit')}
              />
              <span id="maxSessionAcuLimit-hint" className="hint">
                Up to {formatAcus(policy.maxSessionAcu)}, and no more than the cycle limit.
              </span>
              {errors.maxSessionAcuLimit && (
                <span id="maxSessionAcuLimit-error" className="field-error">
                  {errors.maxSessionAcuLimit}
                </span>
              )}
            </div>
          </div>
          <div className="field">
            <label htmlFor="reason">What is it for?</label>
            <textarea
              id="reason"
              name="reason"
              ref={(el) => void (fieldRefs.current.reason = el)}
              value={values.reason}
              onChange={(e) => update('reason', e.target.value)}
              aria-invalid={Boolean(errors.reason)}
              aria-describedby={describe('reason')}
              maxLength={1000}
            />
            <span id="reason-hint" className="hint">
              The team and the work. An admin reads this if the request needs approval.
            </span>
            {errors.reason && (
              <span id="reason-error" className="field-error">
                {errors.reason}
              </span>
            )}
          </div>
        </fieldset>
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <p className="small muted" aria-live="polite" style={{ margin: 0 }}>
            {liveDecision === 'create-now' && <span className="badge badge-success">Created at once</span>}
            {liveDecision === 'needs-approval' && <span className="badge badge-warning">Needs an admin&apos;s approval</span>}
          </p>
          {!locked && (
            <button type="submit" className="btn btn-primary" disabled={!hydrated}>
              Review request
            </button>
          )}
        </div>
      </form>

      <p className="sr-only" role="status" aria-live="polite">
        {stage === 'checking' ? 'Checking your request with the policy and Devin…' : stage === 'sending' ? 'Sending your request…' : ''}
      </p>

      {stage === 'checking' && <div className="card muted">Checking your request…</div>}

      {formError && (
        <div className="alert alert-error" role="alert">
          <strong>Your request was not sent</strong>
          {formError}
        </div>
      )}

      {preview && (stage === 'review' || stage === 'sending') && (
        <section className="card" aria-labelledby="preview-title" data-testid="request-preview">
          <h2 id="preview-title" ref={panelRef} tabIndex={-1}>
            {preview.decision === 'create-now' ? 'Ready to create' : 'Ready to send for approval'}
          </h2>
          <p className="muted">
            {preview.decision === 'create-now'
              ? 'Within policy: the portal will make these calls to Devin as soon as you confirm.'
              : `Above ${formatAcus(policy.autoApproveCycleAcu)} per cycle, an admin has to approve first. On approval the portal makes these calls to Devin:`}
          </p>
          <ol className={styles.calls}>
            {preview.calls.map((call) => (
              <li key={call.path}>
                <div className="small muted">{call.purpose}</div>
                <pre className={styles.call}>
                  <code>
                    {call.method} {call.path}
                    {'\n'}
                    {JSON.stringify(call.body, null, 2)}
                  </code>
                </pre>
              </li>
            ))}
          </ol>
          <p className="small muted">
            After this you will have {preview.quota.used + 1} of the {preview.quota.max} organizations one person may create or have waiting.
          </p>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" className="btn" onClick={edit} disabled={stage === 'sending'}>
              Change something
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={stage === 'sending'} aria-busy={stage === 'sending'}>
              {stage === 'sending' ? 'Sending…' : preview.decision === 'create-now' ? 'Create organization' : 'Send for approval'}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function Result({ done, headingRef, onRetry }: { done: Done; headingRef: RefObject<HTMLHeadingElement | null>; onRetry: () => void }) {
  const r = done.request;
  if (done.outcome === 'created') {
    return (
      <section className="card" aria-labelledby="result-title" data-testid="request-result">
        <h2 id="result-title" ref={headingRef} tabIndex={-1}>
          {r.name} was created
        </h2>
        <div className="alert alert-warning" role="alert">
          <strong>You are not its admin yet</strong>
          {r.error?.message ?? 'Adding you to the organization did not finish.'}
        </div>
        <div className="row" style={{ marginTop: 12 }}>
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            Try adding me again
          </button>
          <Link href="/orgs" className="btn">
            Back to organizations
          </Link>
        </div>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="result-title" data-testid="request-result">
      <h2 id="result-title" ref={headingRef} tabIndex={-1}>
        Request sent for approval
      </h2>
      <p>
        <strong>{r.name}</strong> ({formatAcus(r.maxCycleAcuLimit)} per cycle) is waiting for an admin. You will find it under “Your requests”
        on the organizations page{r.expiresAt ? `; it expires on ${formatDateTime(r.expiresAt)} if nobody decides` : ''}.
      </p>
      <Link href="/orgs" className="btn btn-primary">
        Back to organizations
      </Link>
    </section>
  );
}
