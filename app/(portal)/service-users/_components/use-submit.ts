'use client';

import { useState } from 'react';
import { ApiClientError } from '@/lib/swr/fetcher';

export interface SubmitError {
  message: string;
  /** The input at fault, when the portal named one. */
  field?: string;
}

function describe(err: unknown): SubmitError {
  if (!(err instanceof ApiClientError)) return { message: 'Something went wrong. Try again.' };
  const field = err.info.field;
  // The API prefixes field errors with the field's name; the form shows them next to that field instead.
  const message = field ? err.message.replace(new RegExp(`^${field}: `), '') : err.message;
  return { message, field };
}

/** Busy and error state for one form's submit; a second submit while busy is ignored. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SubmitError | null>(null);
  const run = async <T,>(action: () => Promise<T>, onDone: (result: T) => void) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, reset: () => setError(null), run };
}
