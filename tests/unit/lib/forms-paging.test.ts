import { describe, expect, it } from 'vitest';
import { MAX_BACK, pageLinks, pageSummary, readBack } from '@/lib/forms/paging';

const page = (after: string | null, back: string[], more = true) => ({ after, back, endCursor: more ? `c${back.length + 1}` : null, hasNextPage: more, count: 25, pageSize: 25 });

describe('previous/next paging over cursors', () => {
  it('walks forward carrying the earlier cursors, and back one page at a time', () => {
    const first = pageLinks('org=a', page(null, []));
    expect(first).toMatchObject({ first: null, previous: null, range: { from: 1, to: 25 } });
    expect(first.next).toBe('org=a&after=c1&back=');

    const second = pageLinks('org=a', page('c1', readBack({ back: '' })));
    expect(second.range).toEqual({ from: 26, to: 50 });
    expect(second.previous).toBe('org=a');
    expect(second.next).toBe('org=a&after=c2&back=&back=c1');

    const third = pageLinks('org=a', page('c2', readBack({ back: ['', 'c1'] }), false));
    expect(third).toMatchObject({ previous: 'org=a&after=c1&back=', next: null, first: 'org=a', range: { from: 51, to: 75 } });
  });

  it('does not claim a position for a page opened without its history', () => {
    expect(pageLinks('', page('c7', [])).range).toBeNull();
    expect(pageLinks('', page('c7', [])).previous).toBe('');
  });
});

describe('what a page says about its place in the list', () => {
  const at = (after: string | null, back: string[], more: boolean, extra: { offset?: number; count?: number } = {}) =>
    pageLinks('', { after, back, endCursor: more ? 'next' : null, hasNextPage: more, count: extra.count ?? 20, pageSize: 20, offset: extra.offset });

  it('gives the grand total when the source knows it', () => {
    expect(pageSummary(at('c1', [''], true), { count: 20, total: 57, hasNextPage: true, noun: 'sessions', perPage: 20 })).toBe('Showing 21–40 of 57 sessions');
  });

  it('without a total, says the page and that there is more, and invents nothing', () => {
    const line = pageSummary(at('c1', [''], true), { count: 20, total: null, hasNextPage: true, noun: 'entries', perPage: 20 });
    expect(line).toBe('Showing 21–40 entries (page 2, 20 per page); more on the next page');
    expect(line).not.toMatch(/ of /);
  });

  it('knows the total on the last page, even when the source does not say it', () => {
    expect(pageSummary(at('c2', ['', 'c1'], false, { count: 7 }), { count: 7, total: null, hasNextPage: false, noun: 'entries', perPage: 20 })).toBe(
      'Showing 41–47 of 47 entries',
    );
  });

  it('uses the count the list gives for pages of varying length, and leaves out a page size it cannot promise', () => {
    const links = at('c1', [''], true, { offset: 63, count: 41 });
    expect(links.range).toEqual({ from: 64, to: 104 });
    expect(pageSummary(links, { count: 41, total: null, hasNextPage: true, noun: 'sessions', perPage: null })).toBe(
      'Showing 64–104 sessions (page 2); more on the next page',
    );
  });

  it('opened without its history, says only what is on the page', () => {
    expect(pageSummary(at('c7', [], true), { count: 20, total: null, hasNextPage: true, noun: 'sessions', perPage: 20 })).toBe(
      '20 sessions on this page; more on the next page',
    );
    expect(pageSummary(at('c7', [], true), { count: 20, total: 300, hasNextPage: true, noun: 'sessions', perPage: 20 })).toBe('20 sessions on this page, of 300');
  });

  it('loses the position, not the links, once the history is trimmed past the first page', () => {
    const back = Array.from({ length: MAX_BACK }, (_, i) => `c${i + 1}`); // the first page's '' was trimmed off
    const links = at('c21', back, true);
    expect(links.range).toBeNull();
    expect(links.page).toBeNull();
    expect(links.previous).not.toBeNull();
  });
});
