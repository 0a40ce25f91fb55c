import { z } from 'zod';
import { invalidField } from './http';
import { queryInt } from './validation';

/** `first` (1..200, default 100) and `after`, shared by every list route (doc §3). */
export const pageParams = {
  first: queryInt({ min: 1, max: 200 }).default(100),
  after: z.string().optional(),
};

interface PageQuery {
  first: number;
  after?: string;
}

export interface Page<T> {
  items: T[];
  end_cursor: string | null;
  has_next_page: boolean;
  total: number;
}

type CursorKey = readonly (string | number)[];

/** A sorted list to page through: an array, or a view that spares copying a big one. */
export interface Sorted<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/**
 * One page of an already sorted list. The cursor is the sort key of the last
 * item returned (keyset pagination), so rows created while a client walks the
 * list neither repeat nor shift later pages, as offsets would.
 */
export function paginate<T>(
  sorted: Sorted<T>,
  page: PageQuery,
  keyOf: (item: T) => CursorKey,
  order: 'asc' | 'desc' = 'asc',
): Page<T> {
  const start = page.after === undefined ? 0 : firstAfter(sorted, decodeCursor(page.after), keyOf, order);
  const items: T[] = [];
  for (let i = start; i < Math.min(sorted.length, start + page.first); i++) items.push(sorted.at(i)!);
  const hasNext = start + items.length < sorted.length;
  const last = items.at(-1);
  return {
    items,
    end_cursor: hasNext && last !== undefined ? encodeCursor(keyOf(last)) : null,
    has_next_page: hasNext,
    total: sorted.length,
  };
}

export function mapPage<T, U>(page: Page<T>, present: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(present) };
}

/** Binary search for the first item strictly past the cursor in the list's order. */
function firstAfter<T>(sorted: Sorted<T>, cursor: CursorKey, keyOf: (item: T) => CursorKey, order: 'asc' | 'desc'): number {
  const sign = order === 'asc' ? 1 : -1;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sign * compareKeys(keyOf(sorted.at(mid)!), cursor) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid = Array.isArray(key) && key.length > 0 && key.every((k) => typeof k === 'string' || typeof k === 'number');
  if (!valid) throw invalidField(['query', 'after'], 'Invalid cursor');
  return key as CursorKey;
}
