import type { ListSessionsQuery } from './schemas';

/** The list filters back as a query string, defaults left out, so equal filters always give the same URL (and SWR key). */
export function toListSearch(q: ListSessionsQuery, after: string | null = q.after ?? null): string {
  const params = new URLSearchParams();
  if (q.org) params.set('org', q.org);
  if (q.status) params.set('status', q.status);
  if (q.tag) params.set('tag', q.tag);
  if (q.mine) params.set('mine', '1');
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  if (q.archived) params.set('archived', '1');
  if (q.first !== 25) params.set('first', String(q.first));
  if (after) params.set('after', after);
  return params.toString();
}
