'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import styles from './dialog.module.css';
import { useHydrated } from '@/app/_components/use-hydrated';

interface ActionDialogProps {
  triggerLabel: string;
  triggerClassName?: string;
  /** Accessible name for the trigger when the visible label is ambiguous in a list ("Approve" → "Approve Mobile Apps"). */
  triggerAriaLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  confirmClassName?: string;
  /** Asks for a reason; `required` blocks confirming without one. */
  reason?: { label: string; required: boolean; hint?: string };
  /** Asks the person to type this text before a destructive action. */
  typeToConfirm?: string;
  /** Runs on confirm; a thrown error is shown inside the dialog, which stays open. */
  onConfirm: (reason: string) => Promise<void>;
}

/**
 * A confirmation step in a native modal <dialog>: focus is trapped, Escape cancels, focus returns to the trigger.
 * The dialog exists only while it is open, so a list with a button per row (members, requests) renders and
 * hydrates one button per row, not a hidden form per row.
 */
export function ActionDialog(props: ActionDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const hydrated = useHydrated();
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const open = () => {
    setReason('');
    setTyped('');
    setError(null);
    setIsOpen(true);
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (isOpen && dialog && !dialog.open) dialog.showModal();
  }, [isOpen]);

  const confirm = async () => {
    if (props.reason?.required && reason.trim().length < 3) {
      setError(`${props.reason.label}: say why in a few words.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim());
      dialogRef.current?.close();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const blocked = busy || (props.typeToConfirm !== undefined && typed.trim() !== props.typeToConfirm);

  return (
    <>
      <button type="button" className={props.triggerClassName ?? 'btn'} aria-label={props.triggerAriaLabel} onClick={open} disabled={!hydrated}>
        {props.triggerLabel}
      </button>
      {isOpen && (
        <dialog
          ref={dialogRef}
          className={styles.dialog}
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          // Closed by Cancel, Escape or a finished confirm: the browser has already returned focus to the trigger.
          onClose={() => setIsOpen(false)}
        >
          <form
            method="dialog"
            className={styles.body}
            onSubmit={(e) => {
              e.preventDefault();
              if (!blocked) void confirm();
            }}
          >
            <h2 id={`${id}-title`}>{props.title}</h2>
            <div id={`${id}-desc`} className="muted">
              {props.description}
            </div>
            {props.reason && (
              <div className="field" style={{ marginTop: 12 }}>
                <label htmlFor={`${id}-reason`}>
                  {props.reason.label}
                  {!props.reason.required && <span className="muted"> (optional)</span>}
                </label>
                <textarea
                  id={`${id}-reason`}
                  className={styles.field}
                  value={reason}
                  maxLength={1000}
                  required={props.reason.required}
                  aria-describedby={props.reason.hint ? `${id}-reason-hint` : undefined}
                  onChange={(e) => setReason(e.target.value)}
                />
                {props.reason.hint && (
                  <span id={`${id}-reason-hint`} className="hint">
                    {props.reason.hint}
                  </span>
                )}
              </div>
            )}
            {props.typeToConfirm !== undefined && (
              <div className="field" style={{ marginTop: 12 }}>
                <label htmlFor={`${id}-confirm`}>
                  Type <strong>{props.typeToConfirm}</strong> to confirm
                </label>
                <input id={`${id}-confirm`} className={styles.field} value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
              </div>
            )}
            {error && (
              <div className="alert alert-error" role="alert" style={{ marginTop: 12 }}>
                {error}
              </div>
            )}
            <div className={styles.actions}>
              <button type="button" className="btn" onClick={() => dialogRef.current?.close()} disabled={busy}>
                Cancel
              </button>
              <button type="submit" className={props.confirmClassName ?? 'btn btn-primary'} disabled={blocked} aria-busy={busy}>
                {busy ? 'Working…' : props.confirmLabel}
              </button>
            </div>
          </form>
        </dialog>
      )}
    </>
  );
}
