import { randomBytes } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeSessionToken, readSessionCookie, sessionCookieName } from '@/lib/auth/session-token';

// The portal's decoder against next-auth's own encoder: whatever next-auth mints at sign-in must read back the
// same, and nothing else may read at all.
const secret = randomBytes(32).toString('hex');
const claims = { sub: 'alice', sid: 'sign-in-1', email: 'alice@acme.test', name: 'Alice', role: 'admin' as const };

function jar(cookies: Record<string, string>) {
  return {
    get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined),
    getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('decodeSessionToken', () => {
  it('reads a cookie next-auth minted with the same secret', async () => {
    const token = await encode({ secret, token: claims, maxAge: 3600 });
    const decoded = await decodeSessionToken(token, secret);
    expect(decoded).toMatchObject({ sub: 'alice', sid: 'sign-in-1' });
    expect(decoded!.exp).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('refuses a cookie minted with another secret, a tampered one, and junk', async () => {
    const other = await encode({ secret: randomBytes(32).toString('hex'), token: claims });
    expect(await decodeSessionToken(other, secret)).toBeNull();
    const token = await encode({ secret, token: claims });
    const parts = token.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA');
    expect(await decodeSessionToken(parts.join('.'), secret)).toBeNull();
    expect(await decodeSessionToken('not-a-jwe', secret)).toBeNull();
    expect(await decodeSessionToken(undefined, secret)).toBeNull();
    expect(await decodeSessionToken(token, undefined)).toBeNull();
  });

  it('refuses a cookie without a server-side sign-in id (minted before sign-in records)', async () => {
    const token = await encode({ secret, token: { sub: 'alice', email: 'alice@acme.test' } });
    expect(await decodeSessionToken(token, secret)).toBeNull();
  });

  it('refuses an expired cookie, with next-auth’s 15 s tolerance, also once it was read while valid', async () => {
    const token = await encode({ secret, token: claims, maxAge: 60 });
    expect(await decodeSessionToken(token, secret)).not.toBeNull();
    vi.useFakeTimers({ now: Date.now() + 70_000, toFake: ['Date'] });
    expect(await decodeSessionToken(token, secret)).not.toBeNull(); // within tolerance
    vi.setSystemTime(Date.now() + 10_000);
    expect(await decodeSessionToken(token, secret)).toBeNull(); // remembered, yet past its expiry
    const fresh = await encode({ secret, token: claims, maxAge: -30 });
    expect(await decodeSessionToken(fresh, secret)).toBeNull(); // never seen, already expired
  });

  it('stops reading every cookie when the secret changes', async () => {
    const token = await encode({ secret, token: claims });
    expect(await decodeSessionToken(token, secret)).not.toBeNull();
    expect(await decodeSessionToken(token, randomBytes(32).toString('hex'))).toBeNull();
    expect(await decodeSessionToken(token, secret)).not.toBeNull();
  });
});

describe('readSessionCookie', () => {
  it('uses next-auth’s cookie name, __Secure- over https', () => {
    vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000');
    expect(sessionCookieName()).toBe('next-auth.session-token');
    vi.stubEnv('NEXTAUTH_URL', 'https://portal.acme.test');
    expect(sessionCookieName()).toBe('__Secure-next-auth.session-token');
    expect(readSessionCookie(jar({ 'next-auth.session-token': 'plain' }))).toBeUndefined();
    expect(readSessionCookie(jar({ '__Secure-next-auth.session-token': 'secure' }))).toBe('secure');
  });

  it('joins chunks in numeric order and ignores look-alikes', () => {
    vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000');
    const cookies = {
      'next-auth.session-token.10': 'k',
      'next-auth.session-token.2': 'c',
      'next-auth.session-token.0': 'a',
      'next-auth.session-token.1': 'b',
      'next-auth.session-token.x': 'junk',
      'next-auth.session-token-other': 'junk',
    };
    expect(readSessionCookie(jar(cookies))).toBe('abck');
    expect(readSessionCookie(jar({}))).toBeUndefined();
  });
});

