import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** False in the server HTML and until React has attached handlers: controls stay disabled so an early click is never lost. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
