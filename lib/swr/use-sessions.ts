import { useState } from 'react';
import useSWR from 'swr';
import type { SessionsPageDto } from '@/lib/sessions/schemas';
import { isFinalStatus } from '@/lib/sessions/status';
import { type ApiClientError, fetcher } from './fetcher';
import { retryPolitely } from './use-session';

const LIST_REFRESH_MS = 15_000;

const hasLiveSession = (page: SessionsPageDto) => page.items.some((s) => !s.isArchived && !isFinalStatus(s.status));

/** A page of the sessions list, refreshed while any session on it is still going. `query` is the list's own query string. */
export function useSessions(query: string, initial: SessionsPageDto) {
  const [live, setLive] = useState(() => hasLiveSession(initial));
  const swr = useSWR<SessionsPageDto, ApiClientError>(`/api/sessions${query ? `?${query}` : ''}`, fetcher, {
    fallbackData: initial,
    refreshInterval: live ? LIST_REFRESH_MS : 0,
    onSuccess: (page) => setLive(hasLiveSession(page)),
    onErrorRetry: retryPolitely,
  });
  return { ...swr, page: swr.data ?? initial };
}
