import { isFinalStatus } from './status';

export const POLL_FASTEST_MS = 2_000;
export const POLL_SLOWEST_MS = 30_000;
const GROWTH = 1.6;

/**
 * How long to wait before asking Devin about a session again: fast while things
 * change, slower with every poll that finds nothing new, never once it has ended
 * or been archived (0 = stop). Client-safe.
 */
export function nextPollDelay(session: { status: string; isArchived: boolean }, unchangedPolls: number): number {
  if (session.isArchived || isFinalStatus(session.status)) return 0;
  return Math.min(POLL_SLOWEST_MS, Math.round(POLL_FASTEST_MS * GROWTH ** Math.max(0, unchangedPolls)));
}

/** What counts as "something changed" between two polls. */
export function pollSignature(session: { status: string; statusDetail: string | null; updatedAt: number; isArchived: boolean }): string {
  return `${session.status}|${session.statusDetail ?? ''}|${session.updatedAt}|${session.isArchived}`;
}
