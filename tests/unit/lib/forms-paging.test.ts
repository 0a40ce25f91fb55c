import { describe, expect, it } from 'vitest';
import { pageLinks, readBack } from '@/lib/forms/paging';

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
