import { useRef } from 'react';
import useSWR from 'swr';
import { EMPTY_MESSAGES, followMessages, type MessagesSnapshot } from '@/lib/sessions/messages-tail';
import type { MessagesPageDto } from '@/lib/sessions/schemas';
import { type ApiClientError, apiFetch } from './fetcher';
import { retryPolitely, sessionUrl } from './use-session';

/**
 * A session's conversation, kept up to date by reading only its last page and
 * anything after it. Polls at `refreshIntervalMs` (0 = only when asked).
 */
export function useSessionMessages(orgId: string, sessionId: string, initial: MessagesSnapshot, refreshIntervalMs: number) {
  const url = `${sessionUrl(orgId, sessionId)}/messages`;
  const latest = useRef(initial);
  const swr = useSWR<MessagesSnapshot, ApiClientError>(
    [url, 'follow'],
    async () => {
      const next = await followMessages(
        (after) => apiFetch<MessagesPageDto>(after ? `${url}?${new URLSearchParams({ after })}` : url),
        latest.current,
      );
      latest.current = next;
      return next;
    },
    { fallbackData: initial, refreshInterval: refreshIntervalMs, onErrorRetry: retryPolitely },
  );
  return { ...swr, messages: (swr.data ?? EMPTY_MESSAGES).items };
}
