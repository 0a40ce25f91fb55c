import { useCallback, useRef, useState } from 'react';
import useSWR, { type Revalidator, type RevalidatorOptions } from 'swr';
import { POLL_FASTEST_MS, nextPollDelay, pollSignature } from '@/lib/sessions/polling';
import type { SessionDetailDto, SessionDto } from '@/lib/sessions/schemas';
import { type ApiClientError, fetcher } from './fetcher';

export function sessionUrl(orgId: string, sessionId: string) {
  return `/api/orgs/${encodeURIComponent(orgId)}/sessions/${encodeURIComponent(sessionId)}`;
}

/**
 * Retries a failed poll: after Devin's Retry-After when rate limited, with
 * growing waits otherwise, never for answers a retry cannot change.
 */
export function retryPolitely(err: ApiClientError, _key: string, _config: unknown, revalidate: Revalidator, { retryCount }: Required<RevalidatorOptions>) {
  if ([401, 403, 404, 422].includes(err.status)) return;
  const waitMs = err.code === 'rate_limited' ? (err.info.retryAfterSeconds ?? 5) * 1000 : Math.min(30_000, POLL_FASTEST_MS * 2 ** Math.min(retryCount, 4));
  setTimeout(() => void revalidate({ retryCount }), waitMs);
}

/**
 * One session, followed live: polled fast while it changes, more slowly with
 * every poll that finds it unchanged, not at all once it has ended or been
 * archived. `apply` takes a session a write returned and polls fast again.
 */
export function useSession(orgId: string, sessionId: string, initial: SessionDetailDto) {
  const quiet = useRef({ signature: pollSignature(initial), polls: 0 });
  const [delay, setDelay] = useState(() => nextPollDelay(initial, 0));

  const observe = useCallback((session: SessionDto) => {
    const signature = pollSignature(session);
    quiet.current = signature === quiet.current.signature ? { signature, polls: quiet.current.polls + 1 } : { signature, polls: 0 };
    setDelay(nextPollDelay(session, quiet.current.polls));
  }, []);

  const swr = useSWR<SessionDetailDto, ApiClientError>(sessionUrl(orgId, sessionId), fetcher, {
    fallbackData: initial,
    refreshInterval: delay,
    onSuccess: observe,
    onErrorRetry: retryPolitely,
  });
  const { mutate } = swr;

  const apply = useCallback(
    async (session: SessionDto) => {
      quiet.current = { signature: '', polls: 0 };
      observe(session);
      await mutate((current) => (current ? { ...current, ...session } : current), { revalidate: false });
    },
    [mutate, observe],
  );

  return { ...swr, session: swr.data ?? initial, pollDelayMs: delay, apply };
}
