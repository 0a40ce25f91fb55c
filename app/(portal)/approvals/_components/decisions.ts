'use client';

import useSWR from 'swr';
import type { OrgRequestView } from '@/lib/orgs/dto';

/**
 * Decisions taken on this page since it loaded, shared by the queue and the decided list through SWR's cache (no
 * fetcher: it is local state). A decision shows under "Decided" the moment it is confirmed, marked `saving` until
 * the portal answers; a failed one is taken out again and its request goes back to the queue.
 */
export interface LocalDecision {
  request: OrgRequestView;
  saving: boolean;
}

const KEY = 'approvals:local-decisions';

export function useLocalDecisions() {
  const { data, mutate } = useSWR<LocalDecision[]>(KEY, null, { fallbackData: [], revalidateOnFocus: false, revalidateOnReconnect: false });
  const decisions = data ?? [];
  return {
    decisions,
    put: (d: LocalDecision) => mutate((current = []) => [d, ...current.filter((x) => x.request.id !== d.request.id)], { revalidate: false }),
    drop: (id: string) => mutate((current = []) => current.filter((x) => x.request.id !== id), { revalidate: false }),
  };
}
