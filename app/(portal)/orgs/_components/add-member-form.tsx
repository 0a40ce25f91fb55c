'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { apiFetch, ApiClientError } from '@/lib/swr/fetcher';
import { useHydrated } from '@/app/_components/use-hydrated';

/** Org admins add a teammate by SSO email with an org role. */
export function AddMemberForm({ orgId, roles }: { orgId: string; roles: { roleId: string; roleName: string }[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const id = useId();
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState(roles.find((r) => !/admin/i.test(r.roleName))?.roleId ?? roles[0]?.roleId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    setAdded(null);
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) return setError({ field: 'email', message: 'Enter the person’s work email address.' });
    setBusy(true);
    try {
      await apiFetch(`/api/orgs/${orgId}/members`, { method: 'POST', json: { email: email.trim(), roleId } });
      setAdded(email.trim());
      setEmail('');
      router.refresh();
    } catch (err) {
      const message = err instanceof Error ? err.message.replace(/^[\w.]+: /, '') : 'Adding failed. Try again.';
      setError({ field: err instanceof ApiClientError ? err.info.field : undefined, message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="row"
      style={{ alignItems: 'flex-end' }}
      noValidate
      aria-label="Add a member"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
    >
      <div className="field" style={{ marginBottom: 0, flex: '1 1 240px' }}>
        <label htmlFor={`${id}-email`}>Add a member</label>
        <input
          id={`${id}-email`}
          type="email"
          placeholder="name@company.com"
          value={email}
          autoComplete="off"
          aria-invalid={error?.field === 'email'}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field" style={{ marginBottom: 0 }}>
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} value={roleId} onChange={(e) => setRoleId(e.target.value)}>
          {roles.map((r) => (
            <option key={r.roleId} value={r.roleId}>
              {r.roleName}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={!hydrated || busy || !roleId} aria-busy={busy}>
        {busy ? 'Adding…' : 'Add'}
      </button>
      <div role="status" aria-live="polite" style={{ flexBasis: '100%' }}>
        {error && (
          <span id={`${id}-error`} className="field-error">
            {error.message}
          </span>
        )}
        {added && <span className="small muted">{added} was added.</span>}
      </div>
    </form>
  );
}
