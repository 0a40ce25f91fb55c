import type { MessagesPageDto, SessionMessageDto } from './schemas';

/**
 * What has been read of a session's messages. Devin pages them oldest first
 * and gives no cursor past the last page, so the last (partial) page is kept
 * apart and read again, from the cursor that reached it, to see what is new.
 */
export interface MessagesSnapshot {
  items: SessionMessageDto[];
  /** The cursor that reads the last page again; null = from the start. */
  tailAfter: string | null;
  /** How many of `items`, at the end, came from that page. */
  tailCount: number;
}

export const EMPTY_MESSAGES: MessagesSnapshot = { items: [], tailAfter: null, tailCount: 0 };

/**
 * Brings a snapshot up to date, one page at a time: only the last page and
 * anything after it are fetched. Stops after `maxPages`; the next call carries on.
 * Client-safe: the page fetcher decides where pages come from.
 */
export async function followMessages(
  fetchPage: (after: string | null) => Promise<MessagesPageDto>,
  from: MessagesSnapshot = EMPTY_MESSAGES,
  maxPages = 20,
): Promise<MessagesSnapshot> {
  let items = from.items.slice(0, from.items.length - from.tailCount);
  let after = from.tailAfter;
  for (let read = 0; read < maxPages; read++) {
    const page = await fetchPage(after);
    if (!page.hasNextPage || !page.endCursor) {
      return { items: items.concat(page.items), tailAfter: after, tailCount: page.items.length };
    }
    items = items.concat(page.items);
    after = page.endCursor;
  }
  return { items, tailAfter: after, tailCount: 0 };
}

