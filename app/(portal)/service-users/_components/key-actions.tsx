'use client';

import { useId, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { defaultKeyLifetime, keyLifetimeLabel, OVERLAP_LABELS, ROTATION_OVERLAPS, type KeyLifetimeChoice, type RotationOverlap } from '@/lib/service-users/choices';
import type { ApiKeyDto, NewTokenDto, ServiceUserDto } from '@/lib/service-users/schemas';
import { apiFetch } from '@/lib/swr/fetcher';
import { Modal } from '@/app/_components/modal';
import { ConfirmButton } from './confirm-button';
import { DialogButtons, DialogError } from './dialog-parts';
import styles from './service-users.module.css';
import { useSubmit } from './use-submit';

const keysUrl = (orgId: string, serviceUserId: string) => `/api/orgs/${orgId}/service-users/${serviceUserId}/keys`;

const defaultLifetime = (su: ServiceUserDto) => defaultKeyLifetime(su.keyLifetimes) ?? '';

function LifetimeField({ su, value, onChange }: { su: ServiceUserDto; value: KeyLifetimeChoice | ''; onChange: (l: KeyLifetimeChoice) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>New key expires after</label>
      <select id={id} className={styles.full} value={value} onChange={(e) => onChange(e.target.value as KeyLifetimeChoice)}>
        {su.keyLifetimes.map((l) => (
          <option key={l} value={l}>
            {keyLifetimeLabel(l)}
          </option>
        ))}
      </select>
      {su.expiresAt !== null && <span className="hint">The service user expires {formatDateTime(su.expiresAt)}; a key never outlives it.</span>}
    </div>
  );
}

/** An extra key for the service user, e.g. one per pipeline, so each can be revoked on its own. */
export function NewKeyButton({ orgId, su, onToken }: { orgId: string; su: ServiceUserDto; onToken: (t: NewTokenDto) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [lifetime, setLifetime] = useState<KeyLifetimeChoice | ''>('');
  const { busy, error, reset, run } = useSubmit();
  const chosen = lifetime || defaultLifetime(su);

  const openDialog = () => {
    setName('');
    setLifetime('');
    reset();
    setOpen(true);
  };

  return (
    <>
      <button type="button" className="btn" onClick={openDialog} disabled={su.keyLifetimes.length === 0} aria-label={`New key for ${su.name}`}>
        New key
      </button>
      <Modal open={open} title={`New key for ${su.name}`} busy={busy} onClose={() => setOpen(false)}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => apiFetch<NewTokenDto>(keysUrl(orgId, su.serviceUserId), { method: 'POST', json: { name: name.trim(), lifetime: chosen } }),
              (token) => {
                setOpen(false);
                onToken(token);
              },
            );
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-name`}>Key name</label>
            <input
              id={`${id}-name`}
              className={styles.full}
              value={name}
              maxLength={64}
              autoComplete="off"
              placeholder="e.g. nightly-build"
              aria-invalid={error?.field === 'name'}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <LifetimeField su={su} value={chosen} onChange={setLifetime} />
          <DialogError error={error} />
          <DialogButtons busy={busy} confirm="Create key" busyLabel="Creating…" onCancel={() => setOpen(false)} />
        </form>
      </Modal>
    </>
  );
}

/** Replaces a key: the old one is revoked at once or after a chosen overlap, so pipelines can switch without downtime. */
export function RotateKeyButton({ orgId, su, apiKey, onToken }: { orgId: string; su: ServiceUserDto; apiKey: ApiKeyDto; onToken: (t: NewTokenDto) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [overlap, setOverlap] = useState<RotationOverlap>('24h');
  const [openedAt, setOpenedAt] = useState(0);
  const [lifetime, setLifetime] = useState<KeyLifetimeChoice | ''>('');
  const { busy, error, reset, run } = useSubmit();
  const chosen = lifetime || defaultLifetime(su);

  return (
    <>
      <button
        type="button"
        className="btn"
        aria-label={`Rotate key ${apiKey.name} of ${su.name}`}
        disabled={su.keyLifetimes.length === 0}
        onClick={() => {
          reset();
          setOpenedAt(Math.floor(Date.now() / 1000));
          setOpen(true);
        }}
      >
        Rotate
      </button>
      <Modal open={open} title={`Rotate key “${apiKey.name}”`} busy={busy} onClose={() => setOpen(false)}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () =>
                apiFetch<NewTokenDto>(`${keysUrl(orgId, su.serviceUserId)}/${apiKey.apiKeyId}/rotate`, {
                  method: 'POST',
                  json: { overlap, lifetime: chosen },
                }),
              (token) => {
                setOpen(false);
                onToken(token);
              },
            );
          }}
        >
          <p className="muted">A new key with the same name replaces this one. Its token is shown once.</p>
          <div className="field">
            <label htmlFor={`${id}-overlap`}>The old key</label>
            <select id={`${id}-overlap`} className={styles.full} value={overlap} onChange={(e) => setOverlap(e.target.value as RotationOverlap)}>
              {(Object.keys(ROTATION_OVERLAPS) as RotationOverlap[]).map((o) => (
                <option key={o} value={o}>
                  {OVERLAP_LABELS[o]}
                </option>
              ))}
            </select>
            <span className="hint">
              {overlap === 'none'
                ? 'Anything still using the old key fails from now on.'
                : `Both keys work until about ${formatDateTime(openedAt + ROTATION_OVERLAPS[overlap])}; then the portal revokes the old one, within a minute of that time.`}
            </span>
          </div>
          <LifetimeField su={su} value={chosen} onChange={setLifetime} />
          <DialogError error={error} />
          <DialogButtons busy={busy} confirm="Rotate key" busyLabel="Rotating…" onCancel={() => setOpen(false)} />
        </form>
      </Modal>
    </>
  );
}

/** Revokes a key after an explicit confirmation; anything using it fails from then on. */
export function RevokeKeyButton({ orgId, su, apiKey, onRevoked }: { orgId: string; su: ServiceUserDto; apiKey: ApiKeyDto; onRevoked: () => void }) {
  return (
    <ConfirmButton
      label="Revoke"
      ariaLabel={`Revoke key ${apiKey.name} of ${su.name}`}
      title={`Revoke key “${apiKey.name}”?`}
      confirm="Revoke key"
      busyLabel="Revoking…"
      action={() => apiFetch(`${keysUrl(orgId, su.serviceUserId)}/${apiKey.apiKeyId}`, { method: 'DELETE' })}
      onDone={onRevoked}
    >
      Anything that uses this key of <strong>{su.name}</strong> stops working immediately. This cannot be undone.
    </ConfirmButton>
  );
}
