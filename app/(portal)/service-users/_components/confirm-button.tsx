'use client';

import { useState, type ReactNode } from 'react';
import { Modal } from '@/app/_components/modal';
import { DialogButtons, DialogError } from './dialog-parts';
import { useSubmit } from './use-submit';

/** A quiet button that asks first: a destructive action behind a dialog whose Cancel has the focus. */
export function ConfirmButton(props: {
  label: string;
  ariaLabel: string;
  title: string;
  children: ReactNode;
  confirm: string;
  busyLabel: string;
  action: () => Promise<unknown>;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const { busy, error, reset, run } = useSubmit();
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost"
        aria-label={props.ariaLabel}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        {props.label}
      </button>
      <Modal open={open} title={props.title} busy={busy} onClose={() => setOpen(false)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(props.action, () => {
              setOpen(false);
              props.onDone();
            });
          }}
        >
          <p className="muted">{props.children}</p>
          <DialogError error={error} />
          <DialogButtons busy={busy} confirm={props.confirm} busyLabel={props.busyLabel} danger onCancel={() => setOpen(false)} />
        </form>
      </Modal>
    </>
  );
}
