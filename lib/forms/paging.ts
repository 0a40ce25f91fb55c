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
  /** 1-based page number; null when not known. */
  page: number | null;
}

/**
 * The links around the page at `after` (null = first page), whose list has `count` items of at most `pageSize`.
 * Pages before are taken to be full unless the list says how many items came before (`offset`, for lists whose
 * pages vary in length). The position is known only while the history reaches back to the first page.
 */
export function pageLinks(
  base: string,
  p: { after: string | null; back: string[]; endCursor: string | null; hasNextPage: boolean; count: number; pageSize: number; offset?: number | null },
): PageLinks {
  const onFirst = !p.after;
  // `back` starts with the first page's empty cursor until it is trimmed to MAX_BACK; after that the count is lost.
  const known = onFirst || p.back[0] === '';
  const previousAfter = onFirst ? null : (p.back.at(-1) ?? '');
  const offset = onFirst ? 0 : (p.offset ?? p.back.length * p.pageSize);
  return {
    first: onFirst ? null : withPaging(base, null, []),
    previous: onFirst ? null : withPaging(base, previousAfter || null, p.back.slice(0, -1)),
    next: p.hasNextPage && p.endCursor ? withPaging(base, p.endCursor, [...p.back, p.after ?? ''].slice(-MAX_BACK)) : null,
    range: (known || typeof p.offset === 'number') && p.count > 0 ? { from: offset + 1, to: offset + p.count } : null,
    page: known ? p.back.length + 1 : null,
  };
}

/**
 * One honest line about where a page sits in its list: "Showing 21–40 of 57" when the total is known (from the
 * source, or because this is the last page), otherwise the position, the page number and that there is more.
 * Never a total the source did not give.
 */
export function pageSummary(
  links: PageLinks,
  p: { count: number; total: number | null; hasNextPage: boolean; noun: string; /** Null when pages vary in length. */ perPage: number | null },
): string {
  const total = p.total ?? (!p.hasNextPage && links.range ? links.range.to : null);
  const more = p.hasNextPage ? '; more on the next page' : '';
  if (links.range) {
    const shown = `Showing ${links.range.from}–${links.range.to}`;
    if (total !== null) return `${shown} of ${total} ${p.noun}`;
    const where = [links.page !== null ? `page ${links.page}` : null, p.perPage !== null ? `${p.perPage} per page` : null].filter(Boolean).join(', ');
    return `${shown} ${p.noun}${where ? ` (${where})` : ''}${more}`;
  }
  const shown = `${p.count} ${p.noun} on this page`;
  return total !== null ? `${shown}, of ${total}` : `${shown}${more}`;
}
