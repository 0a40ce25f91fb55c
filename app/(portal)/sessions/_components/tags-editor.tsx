'use client';

import { type FormEvent, useState } from 'react';
import { errorText, summarizeError } from '@/lib/sessions/error-text';
import { loadSessionRules, preloadSessionRules } from '@/lib/sessions/limits';
import { useSubmitGuard } from '@/lib/forms/submit-guard';
import { apiFetch } from '@/lib/swr/fetcher';
import { sessionUrl } from '@/lib/swr/use-session';
import styles from './sessions.module.css';

/** The session's tags: add some (POST merges), or remove one (PUT of the rest replaces them all). */
export function TagsEditor({
  orgId,
  sessionId,
  tags,
  editable,
  onChanged,
}: {
  orgId: string;
  sessionId: string;
  tags: string[];
  editable: boolean;
  onChanged: (tags: string[]) => Promise<void>;
}) {
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guarded = useSubmitGuard();
  const url = `${sessionUrl(orgId, sessionId)}/tags`;

  async function write(method: 'POST' | 'PUT', next: string[]) {
    setBusy(true);
    setError(null);
    try {
      const result = await apiFetch<{ tags: string[] }>(url, { method, json: { tags: next } });
      await onChanged(result.tags);
      return true;
    } catch (err) {
      setError(errorText(summarizeError(err)));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    return guarded(checkAndAdd);
  }

  async function checkAndAdd() {
    const tags = draft.split(',').map((t) => t.trim()).filter(Boolean);
    let rules;
    try {
      rules = await loadSessionRules();
    } catch (err) {
      return setError(errorText(summarizeError(err)));
    }
    const parsed = rules.addTagsBodySchema.safeParse({ tags });
    if (!parsed.success) return setError(`Tags ${parsed.error.issues[0]?.message ?? 'are not valid'}.`);
    if (await write('POST', parsed.data.tags)) setDraft('');
  }

  return (
    <div>
      {tags.length === 0 ? (
        <p className="muted small">No tags.</p>
      ) : (
        <ul className={styles.tags} style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Tags" data-testid="session-tags">
          {tags.map((tag) => (
            <li key={tag} className={styles.chip}>
              {tag}
              {editable ? (
                <button
                  type="button"
                  className={styles.chipRemove}
                  aria-label={`Remove tag ${tag}`}
                  disabled={busy}
                  onClick={() => void write('PUT', tags.filter((t) => t !== tag))}
                >
                  ×
                </button>
              ) : (
                <span style={{ width: 6 }} />
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className={styles.inlineForm} onSubmit={(e) => void add(e)} onFocus={preloadSessionRules}>
          <label htmlFor="add-tags" className="sr-only">
            Add tags, separated by commas
          </label>
          <input id="add-tags" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Add tags…" disabled={busy} />
          <button type="submit" className="btn" disabled={busy || draft.trim() === ''}>
            Add
          </button>
        </form>
      )}
      {error && (
        <p className="field-error small" role="alert" style={{ color: 'var(--danger)', marginTop: 6 }}>
          {error}
        </p>
      )}
    </div>
  );
}
