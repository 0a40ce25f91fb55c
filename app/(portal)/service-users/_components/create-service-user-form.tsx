'use client';

import { useId, useState } from 'react';
import { LIFETIME_LABELS, SERVICE_USER_LIFETIMES, type ServiceUserLifetime } from '@/lib/service-users/choices';
import type { CreatedServiceUserDto, GrantableRoleDto } from '@/lib/service-users/schemas';
import { useHydrated } from '@/app/_components/use-hydrated';
import { apiFetch } from '@/lib/swr/fetcher';
import styles from './service-users.module.css';
import { useSubmit } from './use-submit';

const LIFETIMES = Object.keys(SERVICE_USER_LIFETIMES) as ServiceUserLifetime[];

/** Provisions a service user in the org; the parent shows the returned token once. */
export function CreateServiceUserForm({
  orgId,
  roles,
  onCreated,
}: {
  orgId: string;
  roles: GrantableRoleDto[];
  onCreated: (created: CreatedServiceUserDto) => void;
}) {
  const id = useId();
  const hydrated = useHydrated();
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState(roles[0]?.roleId ?? '');
  const [lifetime, setLifetime] = useState<ServiceUserLifetime>('90d');
  const { busy, error, setError, run } = useSubmit();

  if (roles.length === 0) {
    return (
      <div className="alert alert-info" role="status">
        <strong>There is no role you may grant here.</strong>A service user can be given only roles no higher than both yours in this
        organization and the portal’s own Devin role.
      </div>
    );
  }

  const submit = () => {
    if (!name.trim()) return setError({ field: 'name', message: 'Give the service user a name, e.g. the pipeline that will use it.' });
    void run(
      () => apiFetch<CreatedServiceUserDto>(`/api/orgs/${orgId}/service-users`, { method: 'POST', json: { name: name.trim(), roleId, lifetime } }),
      (created) => {
        setName('');
        onCreated(created);
      },
    );
  };

  const fieldError = (field: string) =>
    error?.field === field ? (
      <span id={`${id}-${field}-error`} className="field-error">
        {error.message}
      </span>
    ) : null;

  return (
    <form
      noValidate
      aria-label="New service user"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {/* Disabled until React is attached, so nothing typed or clicked before hydration is lost. */}
      <fieldset className={styles.bareFieldset} disabled={!hydrated}>
        <div className={styles.formGrid}>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={64}
              autoComplete="off"
              placeholder="e.g. github-actions-deploy"
              aria-invalid={error?.field === 'name'}
              aria-describedby={error?.field === 'name' ? `${id}-name-error` : undefined}
              onChange={(e) => setName(e.target.value)}
            />
            {fieldError('name')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>Role</label>
            <select
              id={`${id}-role`}
              value={roleId}
              aria-describedby={`${id}-role-hint${error?.field === 'roleId' ? ` ${id}-roleId-error` : ''}`}
              onChange={(e) => setRoleId(e.target.value)}
            >
              {roles.map((r) => (
                <option key={r.roleId} value={r.roleId}>
                  {r.roleName}
                </option>
              ))}
            </select>
            <span id={`${id}-role-hint`} className="hint">
              Only roles no higher than yours and the portal’s own.
            </span>
            {fieldError('roleId')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-lifetime`}>Expires after</label>
            <select id={`${id}-lifetime`} value={lifetime} onChange={(e) => setLifetime(e.target.value as ServiceUserLifetime)}>
              {LIFETIMES.map((l) => (
                <option key={l} value={l}>
                  {LIFETIME_LABELS[l]}
                </option>
              ))}
            </select>
            <span className="hint">The service user and all its keys stop working then.</span>
          </div>
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Creating…' : 'Create service user'}
          </button>
          <span role="status" aria-live="polite">
            {error && !['name', 'roleId'].includes(error.field ?? '') && (
              <span className="field-error" role="alert">
                {error.message}
              </span>
            )}
          </span>
        </div>
      </fieldset>
    </form>
  );
}
