import 'server-only';
import { UpstreamError } from './errors';
import type { Page } from './types';

export type { Page } from './types';

/** Fetches one page after the given cursor; `first` is the page size paginate wants (callers may ignore it). */
export type FetchPage<T> = (after: string | null, first: number) => Promise<Page<T>>;

export interface PaginateOptions {
  /** Items per request, 1..200. Default 100. */
  pageSize?: number;
  /** Stop after this many items in total. */
  limit?: number;
}

/**
 * Walks a cursor-paged list, one request at a time, yielding items. Stops at the last page
 * (`hasNextPage` false or no `endCursor`); throws `upstream_error` if the upstream repeats a cursor.
 */
export async function* paginate<T>(fetchPage: FetchPage<T>, opts: PaginateOptions = {}): AsyncIterable<T> {
  const pageSize = opts.pageSize ?? 100;
  const limit = opts.limit ?? Infinity;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw new RangeError(`pageSize must be 1..200, got ${pageSize}`);
  const seen = new Set<string>();
  let after: string | null = null;
  let count = 0;
  while (count < limit) {
    const page: Page<T> = await fetchPage(after, Math.min(pageSize, limit - count));
    for (const item of page.items) {
      if (count >= limit) return;
      count++;
      yield item;
    }
    if (!page.hasNextPage || page.endCursor === null) return;
    if (seen.has(page.endCursor)) {
      throw new UpstreamError({
        status: 200,
        code: 'upstream_error',
        route: 'paginate',
        message: 'Devin returned the same page cursor twice; stopped paging to avoid a loop',
      });
    }
    seen.add(page.endCursor);
    after = page.endCursor;
  }
}

/** The same page with each item mapped; cursors and total unchanged. */
export function mapPage<T, U>(page: Page<T>, fn: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(fn) };
}

/** Every item of a cursor-paged list (up to `limit`), in order. */
export async function collectAll<T>(fetchPage: FetchPage<T>, opts: PaginateOptions = {}): Promise<T[]> {
  const items: T[] = [];
  for await (const item of paginate(fetchPage, opts)) items.push(item);
  return items;
}
