import { useCallback, useRef } from 'react';

/**
 * Runs a form's async submit handler one at a time: a second submit while the first is still running does nothing.
 * A ref, not state, so it holds from the very first await, e.g. while the form's validation rules load and
 * before any "submitting" state has rendered.
 */
export function useSubmitGuard(): (run: () => Promise<void>) => Promise<void> {
  const busy = useRef(false);
  return useCallback(async (run) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await run();
    } finally {
      busy.current = false;
    }
  }, []);
}
