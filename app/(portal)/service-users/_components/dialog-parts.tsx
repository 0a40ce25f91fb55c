'use client';

import styles from './service-users.module.css';
import type { SubmitError } from './use-submit';

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
