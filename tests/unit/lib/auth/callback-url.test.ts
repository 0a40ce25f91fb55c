import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '@/lib/auth/callback-url';

const ORIGIN = 'http://localhost:3000';

describe('safeCallbackPath', () => {
  it('keeps same-origin paths and absolute URLs on the origin, as paths', () => {
    expect(safeCallbackPath('/orgs/org-1?tab=members#x', ORIGIN)).toBe('/orgs/org-1?tab=members#x');
    expect(safeCallbackPath('http://localhost:3000/sessions', ORIGIN)).toBe('/sessions');
  });

  it.each([
    ['protocol-relative', '//evil.example/x'],
    ['backslash (browsers read it as a slash)', '/\\evil.example'],
    ['another origin', 'https://evil.example/'],
    ['another port', 'http://localhost:4000/'],
    ['javascript:', 'javascript:alert(1)'],
    ['CR/LF', '/ok\r\nSet-Cookie: x=1'],
    ['a NUL', '/ok\u0000'],
    ['not a string', { url: '/' }],
    ['empty', ''],
  ])('replaces %s with the fallback', (_label, url) => {
    expect(safeCallbackPath(url, ORIGIN)).toBe('/');
  });

  it('never throws on junk, whatever the origin', () => {
    expect(safeCallbackPath('/%%%', ORIGIN)).toBe('/%%%');
    expect(safeCallbackPath('/x', 'not a url')).toBe('/');
  });
});
