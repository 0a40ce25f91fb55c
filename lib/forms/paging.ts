import type { RawQuery } from './query-fields';

/**
 * Previous/next paging over cursor-paged lists without server state: each "next" link carries the cursors of the
 * pages before it in `back` (an empty value stands for the first page), so "previous" is just the last of them.
 * Client-safe.
 */
export const MAX_BACK = 20;

export function readBack(q: RawQuery): string[] {
  const v = q.back;
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.slice(-MAX_BACK).map((c) => c.slice(0, 4096));
}

function withPaging(base: string, after: string | null, back: string[]): string {
  const params = new URLSearchParams(base);
  params.delete('after');
  params.delete('back');
  if (after) params.set('after', after);
  for (const c of back) params.append('back', c);
  return params.toString();
}

export interface PageLinks {
  /** Query strings (no leading "?"), null when there is no such page. */
  previous: string | null;
  next: string | null;
  first: string | null;
  /** 1-based position of the first and last item shown; null when this page was opened without its history. */
  range: { from: number; to: number } | null;
}

/** The links around the page at `after` (null = first page), whose list has `count` items of at most `pageSize`. */
export function pageLinks(base: string, p: { after: string | null; back: string[]; endCursor: string | null; hasNextPage: boolean; count: number; pageSize: number }): PageLinks {
  const onFirst = !p.after;
  const known = onFirst || p.back.length > 0;
  const previousAfter = onFirst ? null : (p.back.at(-1) ?? '');
  const offset = onFirst ? 0 : p.back.length * p.pageSize;
  return {
    first: onFirst ? null : withPaging(base, null, []),
    previous: onFirst ? null : withPaging(base, previousAfter || null, p.back.slice(0, -1)),
    next: p.hasNextPage && p.endCursor ? withPaging(base, p.endCursor, [...p.back, p.after ?? ''].slice(-MAX_BACK)) : null,
    range: known && p.count > 0 ? { from: offset + 1, to: offset + p.count } : null,
  };
}
