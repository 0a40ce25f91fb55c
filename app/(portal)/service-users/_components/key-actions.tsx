'use client';

import { useId, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import {
  LIFETIME_LABELS,
  OVERLAP_LABELS,
  ROTATION_OVERLAPS,
  type ApiKeyDto,
  type KeyLifetime,
  type NewTokenDto,
  type RotationOverlap,
  type ServiceUserDto,
} from '@/lib/service-users/schemas';
import { apiFetch } from '@/lib/swr/fetcher';
import { Modal } from '@/app/_components/modal';
import styles from './service-users.module.css';
import { useSubmit, type SubmitError } from './use-submit';

const keysUrl = (orgId: string, serviceUserId: string) => `/api/orgs/${orgId}/service-users/${serviceUserId}/keys`;

const defaultLifetime = (su: ServiceUserDto) => su.keyLifetimes.find((l) => l === '90d') ?? su.keyLifetimes.at(-1) ?? '';

function LifetimeField({ su, value, onChange }: { su: ServiceUserDto; value: KeyLifetime | ''; onChange: (l: KeyLifetime) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>New key expires after</label>
      <select id={id} className={styles.full} value={value} onChange={(e) => onChange(e.target.value as KeyLifetime)}>
        {su.keyLifetimes.map((l) => (
          <option key={l} value={l}>
            {LIFETIME_LABELS[l]}
          </option>
        ))}
      </select>
      {su.expiresAt !== null && <span className="hint">Never later than the service user itself ({formatDateTime(su.expiresAt)}).</span>}
    </div>
  );
}

export function DialogError({ error }: { error: SubmitError | null }) {
  return error ? (
    <div className="alert alert-error" role="alert" style={{ marginTop: 12 }}>
      {error.message}
    </div>
  ) : null;
}

export function DialogButtons({ busy, confirm, busyLabel, danger, onCancel }: { busy: boolean; confirm: string; busyLabel: string; danger?: boolean; onCancel: () => void }) {
  return (
    <div className={styles.dialogActions}>
      {/* On a destructive dialog Cancel has focus first, so Enter never confirms by accident. */}
      <button type="button" className="btn" onClick={onCancel} disabled={busy} data-autofocus={danger || undefined}>
        Cancel
      </button>
      <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy} aria-busy={busy}>
        {busy ? busyLabel : confirm}
      </button>
    </div>
  );
}

/** An extra key for the service user, e.g. one per pipeline, so each can be revoked on its own. */
export function NewKeyButton({ orgId, su, onToken }: { orgId: string; su: ServiceUserDto; onToken: (t: NewTokenDto) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [lifetime, setLifetime] = useState<KeyLifetime | ''>('');
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
  const [lifetime, setLifetime] = useState<KeyLifetime | ''>('');
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
  const [open, setOpen] = useState(false);
  const { busy, error, reset, run } = useSubmit();
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost"
        aria-label={`Revoke key ${apiKey.name} of ${su.name}`}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Revoke
      </button>
      <Modal open={open} title={`Revoke key “${apiKey.name}”?`} busy={busy} onClose={() => setOpen(false)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => apiFetch(`${keysUrl(orgId, su.serviceUserId)}/${apiKey.apiKeyId}`, { method: 'DELETE' }),
              () => {
                setOpen(false);
                onRevoked();
              },
            );
          }}
        >
          <p className="muted">
            Anything that uses this key of <strong>{su.name}</strong> stops working immediately. This cannot be undone.
          </p>
          <DialogError error={error} />
          <DialogButtons busy={busy} confirm="Revoke key" busyLabel="Revoking…" danger onCancel={() => setOpen(false)} />
        </form>
      </Modal>
    </>
  );
}
