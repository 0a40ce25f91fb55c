'use client';

import { useId, useState } from 'react';
import type { GrantableRoleDto, ServiceUserDto } from '@/lib/service-users/schemas';
import { apiFetch } from '@/lib/swr/fetcher';
import { Modal } from '@/app/_components/modal';
import { ConfirmButton } from './confirm-button';
import { DialogButtons, DialogError } from './dialog-parts';
import styles from './service-users.module.css';
import { useSubmit } from './use-submit';

const serviceUserUrl = (orgId: string, serviceUserId: string) => `/api/orgs/${orgId}/service-users/${serviceUserId}`;

/** Gives the service user another role in this org, from the roles the person may grant. */
export function ChangeRoleButton({ orgId, su, roles, onChanged }: { orgId: string; su: ServiceUserDto; roles: GrantableRoleDto[]; onChanged: () => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [roleId, setRoleId] = useState('');
  const { busy, error, reset, run } = useSubmit();
  const others = roles.filter((r) => r.roleId !== su.role?.roleId);

  return (
    <>
      <button
        type="button"
        className="btn"
        aria-label={`Change the role of ${su.name}`}
        disabled={others.length === 0}
        title={others.length === 0 ? 'There is no other role you may grant here.' : undefined}
        onClick={() => {
          reset();
          setRoleId(others[0]?.roleId ?? '');
          setOpen(true);
        }}
      >
        Change role
      </button>
      <Modal open={open} title={`Change the role of ${su.name}`} busy={busy} onClose={() => setOpen(false)}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => apiFetch(serviceUserUrl(orgId, su.serviceUserId), { method: 'PATCH', json: { roleId } }),
              () => {
                setOpen(false);
                onChanged();
              },
            );
          }}
        >
          <p className="muted">
            Now: <strong>{su.role?.roleName ?? 'no role in this organization'}</strong>. Its keys keep working with the new role.
          </p>
          <div className="field">
            <label htmlFor={`${id}-role`}>New role</label>
            <select id={`${id}-role`} className={styles.full} value={roleId} aria-invalid={error?.field === 'roleId'} onChange={(e) => setRoleId(e.target.value)}>
              {others.map((r) => (
                <option key={r.roleId} value={r.roleId}>
                  {r.roleName}
                </option>
              ))}
            </select>
          </div>
          <DialogError error={error} />
          <DialogButtons busy={busy} confirm="Change role" busyLabel="Changing…" onCancel={() => setOpen(false)} />
        </form>
      </Modal>
    </>
  );
}

/** Takes the service user out of this org after an explicit confirmation. */
export function RemoveFromOrgButton({ orgId, orgName, su, onRemoved }: { orgId: string; orgName: string; su: ServiceUserDto; onRemoved: () => void }) {
  return (
    <ConfirmButton
      label="Remove"
      ariaLabel={`Remove ${su.name} from ${orgName}`}
      title={`Remove ${su.name} from ${orgName}?`}
      confirm="Remove from organization"
      busyLabel="Removing…"
      action={() => apiFetch(serviceUserUrl(orgId, su.serviceUserId), { method: 'DELETE' })}
      onDone={onRemoved}
    >
      <strong>{su.name}</strong> can no longer start or read sessions in {orgName}. Its keys are not revoked; revoke them too if nothing else
      uses them.
    </ConfirmButton>
  );
}
