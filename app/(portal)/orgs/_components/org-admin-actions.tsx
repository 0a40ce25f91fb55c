'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { loadOrgRules, preloadOrgRules, type OrgPolicy } from '@/lib/policy/org-policy';
import { apiFetch, ApiClientError } from '@/lib/swr/fetcher';
import { ActionDialog } from './action-dialog';
import styles from './dialog.module.css';
import { useHydrated } from '@/app/_components/use-hydrated';

type Field = 'name' | 'maxCycleAcuLimit' | 'maxSessionAcuLimit';

interface EditableOrg {
  orgId: string;
  name: string;
  maxCycleAcuLimit: number | null;
  maxSessionAcuLimit: number | null;
}

/** Portal admins: rename an org, change its limits, or delete it, each behind a dialog. */
export function OrgAdminActions({ org, policy }: { org: EditableOrg; policy: Pick<OrgPolicy, 'namePattern' | 'nameHint'> }) {
  const router = useRouter();
  return (
    <div className="row">
      <EditOrgDialog org={org} policy={policy} onSaved={() => router.refresh()} />
      <ActionDialog
        triggerLabel="Delete"
        triggerClassName="btn btn-danger"
        title={`Delete ${org.name}?`}
        description={
          <p>
            Devin deletes the organization and its memberships at once; people lose access to its sessions. This cannot be undone, and the portal
            records that you did it.
          </p>
        }
        typeToConfirm={org.name}
        confirmLabel="Delete organization"
        confirmClassName="btn btn-danger"
        onConfirm={async () => {
          await apiFetch(`/api/orgs/${org.orgId}`, { method: 'DELETE' });
          router.push('/orgs');
          router.refresh();
        }}
      />
    </div>
  );
}

function EditOrgDialog({ org, policy, onSaved }: { org: EditableOrg; policy: Pick<OrgPolicy, 'namePattern' | 'nameHint'>; onSaved: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const hydrated = useHydrated();
  const id = useId();
  const initial = { name: org.name, maxCycleAcuLimit: String(org.maxCycleAcuLimit ?? ''), maxSessionAcuLimit: String(org.maxSessionAcuLimit ?? '') };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = () => {
    setValues(initial);
    setErrors({});
    setFormError(null);
    dialogRef.current?.showModal();
  };

  const save = async () => {
    const limit = (s: string) => (s.trim() === '' ? null : Number(s));
    const change = {
      ...(values.name !== org.name && { name: values.name }),
      ...(limit(values.maxCycleAcuLimit) !== org.maxCycleAcuLimit && { maxCycleAcuLimit: limit(values.maxCycleAcuLimit) }),
      ...(limit(values.maxSessionAcuLimit) !== org.maxSessionAcuLimit && { maxSessionAcuLimit: limit(values.maxSessionAcuLimit) }),
    };
    let rules;
    try {
      rules = await loadOrgRules();
    } catch {
      setFormError('The form could not load. Check your connection and try again.');
      return;
    }
    const parsed = rules.orgUpdateSchema(policy).safeParse(change);
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field | undefined;
        if (field) found[field] ??= issue.message;
        else setFormError(issue.message);
      }
      setErrors(found);
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await apiFetch(`/api/orgs/${org.orgId}`, { method: 'PATCH', json: parsed.data });
      dialogRef.current?.close();
      onSaved();
    } catch (err) {
      const field = err instanceof ApiClientError ? (err.info.field as Field | undefined) : undefined;
      const message = err instanceof Error ? err.message.replace(/^[\w.]+: /, '') : 'Saving failed. Try again.';
      if (field && field in initial) setErrors({ [field]: message });
      else setFormError(message);
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, label: string, hint: string, numeric = false) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        className={styles.field}
        value={values[field]}
        {...(numeric && { type: 'number', inputMode: 'numeric' as const, min: 0, step: 1 })}
        aria-invalid={Boolean(errors[field])}
        aria-describedby={`${id}-${field}-hint${errors[field] ? ` ${id}-${field}-error` : ''}`}
        onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
      />
      <span id={`${id}-${field}-hint`} className="hint">
        {hint}
      </span>
      {errors[field] && (
        <span id={`${id}-${field}-error`} className="field-error">
          {errors[field]}
        </span>
      )}
    </div>
  );

  return (
    <>
      <button type="button" className="btn" onClick={open} disabled={!hydrated}>
        Edit
      </button>
      <dialog ref={dialogRef} className={styles.dialog} aria-labelledby={`${id}-title`}>
        <form
          method="dialog"
          className={styles.body}
          noValidate
          onFocus={preloadOrgRules}
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void save();
          }}
        >
          <h2 id={`${id}-title`}>Edit {org.name}</h2>
          {input('name', 'Name', `${policy.nameHint}.`)}
          {input('maxCycleAcuLimit', 'ACUs per billing cycle', 'Leave empty for no limit.', true)}
          {input('maxSessionAcuLimit', 'ACUs per session', 'Leave empty for no limit.', true)}
          {formError && (
            <div className="alert alert-error" role="alert">
              {formError}
            </div>
          )}
          <div className={styles.actions}>
            <button type="button" className="btn" onClick={() => dialogRef.current?.close()} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
              {busy ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
