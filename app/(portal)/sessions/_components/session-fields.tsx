'use client';

import { ApiClientError } from '@/lib/swr/fetcher';
import { DUPLICATE_WINDOW_SECONDS, MAX_USER_TAGS } from '@/lib/sessions/limits';

const FIELDS = ['prompt', 'title', 'tags', 'playbookId', 'maxAcuLimit', 'orgIds'] as const;
type Field = (typeof FIELDS)[number];
export type FieldErrors = Partial<Record<Field, string>>;

/** An API error about one of these forms' fields, as the form shows it; null when it is about something else. */
export function fieldErrorOf(err: unknown): FieldErrors | null {
  if (!(err instanceof ApiClientError) || !err.info.field) return null;
  const path = err.info.field;
  const field = FIELDS.find((f) => f === path.split('.')[0]);
  if (!field) return null;
  // The portal words input errors "<field>: <complaint>"; reword as a sentence about the field.
  const message = err.message.startsWith(`${path}: `) ? fieldMessage(field, err.message.slice(path.length + 2)) : err.message;
  return { [field]: message };
}

/** The form's values in the API's shape; the schema decides what is wrong with them. */
export function readSessionFields(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  const limit = text('maxAcuLimit').trim();
  return {
    prompt: text('prompt'),
    title: text('title'),
    tags: text('tags')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    playbookId: text('playbookId'),
    maxAcuLimit: limit ? Number(limit) : undefined,
  };
}

const LABELS: Record<Field, string> = {
  prompt: 'Prompt',
  title: 'Title',
  tags: 'Tags',
  playbookId: 'Playbook id',
  maxAcuLimit: 'ACU limit',
  orgIds: 'Organizations',
};

/** A schema complaint ("is required") as a sentence about the field ("Prompt is required."). */
function fieldMessage(field: Field, message: string): string {
  return `${LABELS[field]} ${message}.`;
}

/** The first complaint per field, keyed by the top-level field (`tags.3` → `tags`). */
export function fieldErrorsOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = FIELDS.find((f) => f === issue.path[0]);
    if (field) errors[field] ??= fieldMessage(field, issue.message);
  }
  return errors;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="field-error">
      {message}
    </span>
  ) : null;
}

/** Prompt, title, tags, playbook and ACU limit: shared by the one-org and several-org forms. */
/** The cap the chosen org puts on one session, shown next to the ACU limit (null value = the org has none). */
export interface SessionCap {
  orgName: string;
  value: number | null;
}

/** The form's own check of the ACU limit against the org's cap, worded as the field's message; null when it is fine. */
export function capError(limit: number | undefined, cap: SessionCap | undefined): string | null {
  if (limit === undefined || !cap || cap.value === null || limit <= cap.value) return null;
  return `ACU limit is above ${cap.orgName}'s cap of ${cap.value} ACU per session. Enter ${cap.value} or less, or leave it empty to use the cap.`;
}

export function SessionFields({ errors, idPrefix, sessionCap }: { errors: FieldErrors; idPrefix: string; sessionCap?: SessionCap }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const describedBy = (name: keyof FieldErrors, hint?: boolean) =>
    [hint && id(`${name}-hint`), errors[name] && id(`${name}-error`)].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <div className="field">
        <label htmlFor={id('prompt')}>Prompt</label>
        <textarea
          id={id('prompt')}
          name="prompt"
          required
          rows={6}
          aria-invalid={Boolean(errors.prompt)}
          aria-describedby={describedBy('prompt', true)}
        />
        <span id={id('prompt-hint')} className="hint">
          What Devin should do. Sending the same prompt to the same organization again within {DUPLICATE_WINDOW_SECONDS / 60} minutes returns the session you already started.
        </span>
        <FieldError id={id('prompt-error')} message={errors.prompt} />
      </div>
      <div className="field">
        <label htmlFor={id('title')}>
          Title <span className="muted">(optional)</span>
        </label>
        <input id={id('title')} name="title" maxLength={200} aria-invalid={Boolean(errors.title)} aria-describedby={describedBy('title')} />
        <FieldError id={id('title-error')} message={errors.title} />
      </div>
      <div className="field">
        <label htmlFor={id('tags')}>
          Tags <span className="muted">(optional)</span>
        </label>
        <input id={id('tags')} name="tags" placeholder="bugfix, q3" aria-invalid={Boolean(errors.tags)} aria-describedby={describedBy('tags', true)} />
        <span id={id('tags-hint')} className="hint">
          Separate with commas, up to {MAX_USER_TAGS}. The portal adds your team&apos;s tag itself.
        </span>
        <FieldError id={id('tags-error')} message={errors.tags} />
      </div>
      <div className="row" style={{ gap: 16, alignItems: 'flex-start' }}>
        <div className="field" style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor={id('playbookId')}>
            Playbook id <span className="muted">(optional)</span>
          </label>
          <input id={id('playbookId')} name="playbookId" aria-invalid={Boolean(errors.playbookId)} aria-describedby={describedBy('playbookId')} />
          <FieldError id={id('playbookId-error')} message={errors.playbookId} />
        </div>
        <div className="field" style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor={id('maxAcuLimit')}>
            ACU limit <span className="muted">(optional)</span>
          </label>
          <input
            id={id('maxAcuLimit')}
            name="maxAcuLimit"
            type="number"
            min={1}
            max={sessionCap?.value ?? 10000}
            step={1}
            inputMode="numeric"
            aria-invalid={Boolean(errors.maxAcuLimit)}
            aria-describedby={describedBy('maxAcuLimit', true)}
          />
          <span id={id('maxAcuLimit-hint')} className="hint" data-testid="acu-limit-hint">
            Devin stops the session once it has used this many ACUs.
            {sessionCap &&
              (sessionCap.value === null
                ? ` ${sessionCap.orgName} has no per-session cap.`
                : ` ${sessionCap.orgName} allows at most ${sessionCap.value} ACU per session; empty means that cap.`)}
          </span>
          <FieldError id={id('maxAcuLimit-error')} message={errors.maxAcuLimit} />
        </div>
      </div>
    </>
  );
}
