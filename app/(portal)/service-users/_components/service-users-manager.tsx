'use client';

import { useId, useState } from 'react';
import useSWR from 'swr';
import { formatDate, formatDateTime } from '@/lib/format';
import type { ApiKeyDto, GrantableRoleDto, NewTokenDto, ServiceUserDto } from '@/lib/service-users/schemas';
import { type ApiClientError, fetcher } from '@/lib/swr/fetcher';
import { CreateServiceUserForm } from './create-service-user-form';
import { NewKeyButton, RevokeKeyButton, RotateKeyButton } from './key-actions';
import { ChangeRoleButton, RemoveFromOrgButton } from './membership-actions';
import styles from './service-users.module.css';
import { TokenReveal, type RevealedToken } from './token-reveal';

interface ListDto {
  items: ServiceUserDto[];
}

/** Refreshing also lets the server revoke old keys whose rotation overlap has ended. */
const REFRESH_MS = 60_000;

/** The org's service users and keys, kept fresh with SWR; new tokens are held in component state only. */
export function ServiceUsersManager({
  orgId,
  orgName,
  initial,
  roles,
}: {
  orgId: string;
  orgName: string;
  initial: ServiceUserDto[];
  roles: GrantableRoleDto[];
}) {
  const { data, error, mutate } = useSWR<ListDto, ApiClientError>(`/api/orgs/${orgId}/service-users`, fetcher, {
    fallbackData: { items: initial },
    revalidateOnMount: false,
    refreshInterval: REFRESH_MS,
  });
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const headingId = useId();
  const items = data?.items ?? initial;

  const reveal = (r: RevealedToken) => {
    setRevealed(r);
    void mutate();
  };
  const keyToken = (su: ServiceUserDto, verb: string) => (t: NewTokenDto) =>
    reveal({ title: `Key “${t.apiKeyName}” ${verb} for ${su.name}`, subject: `${su.name}, key ${t.apiKeyName}`, token: t.token });

  return (
    <>
      {revealed && <TokenReveal revealed={revealed} onDismiss={() => setRevealed(null)} />}
      <section className="card" aria-labelledby={`${headingId}-new`}>
        <div className="card-header">
          <h2 id={`${headingId}-new`}>New service user in {orgName}</h2>
        </div>
        <CreateServiceUserForm
          orgId={orgId}
          roles={roles}
          onCreated={(c) => reveal({ title: `Service user ${c.serviceUser.name} created`, subject: c.serviceUser.name, token: c.token })}
        />
      </section>
      <section className="card" aria-labelledby={headingId} data-testid="service-users-list">
        <div className="card-header">
          <h2 id={headingId}>Service users in {orgName}</h2>
          <label className="row small" style={{ fontWeight: 400 }}>
            <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
            Show revoked and expired keys
          </label>
        </div>
        {error && (
          <div className="alert alert-warning" role="status" style={{ marginBottom: 12 }}>
            The list could not be refreshed: {error.message}
          </div>
        )}
        {items.length === 0 ? (
          <div className="empty">
            <h3>No service users yet</h3>
            <p>Create one above for a CI pipeline or another automation.</p>
          </div>
        ) : (
          items.map((su) => (
            <article key={su.serviceUserId} className={styles.serviceUser} aria-label={`Service user ${su.name}`}>
              <div className={styles.serviceUserHead}>
                <div>
                  <h3>{su.name}</h3>
                  <div className="small muted">
                    {su.role ? su.role.roleName : 'No role in this organization'} · {su.expiresAt ? `expires ${formatDate(su.expiresAt)}` : 'never expires'} ·{' '}
                    <span className="mono">{su.serviceUserId}</span>
                  </div>
                </div>
                <div className={styles.keyActions}>
                  <NewKeyButton orgId={orgId} su={su} onToken={keyToken(su, 'created')} />
                  <ChangeRoleButton orgId={orgId} su={su} roles={roles} onChanged={() => void mutate()} />
                  <RemoveFromOrgButton orgId={orgId} orgName={orgName} su={su} onRemoved={() => void mutate()} />
                </div>
              </div>
              <KeysTable
                orgId={orgId}
                su={su}
                keys={showInactive ? su.keys : su.keys.filter((k) => k.status === 'active')}
                hidden={showInactive ? 0 : su.keys.filter((k) => k.status !== 'active').length}
                onToken={keyToken(su, 'rotated')}
                onRevoked={() => void mutate()}
              />
            </article>
          ))
        )}
      </section>
    </>
  );
}

function KeysTable(props: {
  orgId: string;
  su: ServiceUserDto;
  keys: ApiKeyDto[];
  hidden: number;
  onToken: (t: NewTokenDto) => void;
  onRevoked: () => void;
}) {
  const { su, keys, hidden } = props;
  const more = hidden > 0 && <p className="small muted">{`${hidden} revoked or expired key${hidden === 1 ? '' : 's'} hidden.`}</p>;
  if (keys.length === 0) {
    return (
      <>
        <p className="muted">No active key. Create one to use this service user.</p>
        {more}
      </>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Keys of {su.name}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.apiKeyId} className={k.status === 'active' ? undefined : styles.dimmed} data-testid="key-row">
                <td>
                  {k.name}
                  <div className="mono small muted">{k.apiKeyId}</div>
                </td>
                <td>
                  <KeyStatus apiKey={k} />
                </td>
                <td>{formatDate(k.createdAt)}</td>
                <td>{k.expiresAt ? formatDate(k.expiresAt) : 'Never'}</td>
                <td>
                  {k.lastUsedAt ? (
                    formatDateTime(k.lastUsedAt)
                  ) : (
                    <span className="muted" title="Devin does not report when this key was last used">
                      —<span className="sr-only"> Devin does not report it</span>
                    </span>
                  )}
                </td>
                <td>
                  {k.status === 'active' && (
                    <div className={styles.keyActions}>
                      <RotateKeyButton orgId={props.orgId} su={su} apiKey={k} onToken={props.onToken} />
                      <RevokeKeyButton orgId={props.orgId} su={su} apiKey={k} onRevoked={props.onRevoked} />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more}
    </>
  );
}

function KeyStatus({ apiKey: k }: { apiKey: ApiKeyDto }) {
  if (k.status === 'revoked') return <span className="badge badge-danger">Revoked {formatDate(k.revokedAt)}</span>;
  if (k.status === 'expired') return <span className="badge">Expired</span>;
  return (
    <span className="stack" style={{ gap: 4, alignItems: 'flex-start' }}>
      <span className="badge badge-success">Active</span>
      {k.revokeScheduledAt !== null && <span className="badge badge-warning">Replaced; revoked after {formatDateTime(k.revokeScheduledAt)}</span>}
      {k.expiresInDays !== null && (
        <span className="badge badge-warning">{`Expires in ${k.expiresInDays} day${k.expiresInDays === 1 ? '' : 's'}`}</span>
      )}
    </span>
  );
}

