import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type * as RateLimit from '@/lib/api/rate-limit';
import type * as SignIns from '@/lib/auth/sign-in-sessions';
import type * as Storage from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';
import { STORE_BACKENDS } from '../storage/store-backends';

let signIns: typeof SignIns;
let limits: typeof RateLimit;
let storage: typeof Storage;

const person = (sub = `sub-${randomBytes(4).toString('hex')}`) => ({
  sub,
  email: `${sub}@acme.test`,
  emailVerified: true,
  name: 'Test Person',
  groups: ['team-x'],
  idpSid: `idp-${randomBytes(4).toString('hex')}`,
});

describe.each(STORE_BACKENDS)('sign-in records and rate limits (store on $name)', (backend) => {
  const it = backend.skip ? test.skip : test;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (backend.skip) return;
    const created = await backend.create();
    cleanup = created.cleanup;
    setPortalEnv({ url: 'http://127.0.0.1:1', token: 'cog_unused' }, { DATABASE_URL: created.url });
    [signIns, limits, storage] = await Promise.all([import('@/lib/auth/sign-in-sessions'), import('@/lib/api/rate-limit'), import('@/lib/storage/db')]);
    await storage.closeDb();
  });

  afterAll(async () => {
    if (backend.skip) return;
    vi.useRealTimers();
    await storage.closeDb();
    await cleanup();
  });

  it('a sign-in is active until revoked, and revoking one leaves the others', async () => {
    const p = person();
    const a = await signIns.createSignIn(p, 3600);
    const b = await signIns.createSignIn(p, 3600);
    expect(await signIns.findActiveSignIn(a.sid)).toMatchObject({ sub: p.sub, groups: ['team-x'], expiresAt: a.createdAt + 3600 });
    expect(await signIns.revokeSignIns({ sid: a.sid }, 'sign-out')).toBe(1);
    expect(await signIns.findActiveSignIn(a.sid)).toBeNull();
    expect(await signIns.findActiveSignIn(b.sid)).not.toBeNull();
    // Revoking again changes nothing.
    expect(await signIns.revokeSignIns({ sid: a.sid }, 'sign-out')).toBe(0);
  });

  it("an admin's revocation ends every sign-in of the person, by subject or by email; the IdP's by its session id", async () => {
    const p = person();
    const other = person();
    const mine = await Promise.all([signIns.createSignIn(p, 3600), signIns.createSignIn(p, 3600)]);
    const theirs = await signIns.createSignIn(other, 3600);
    expect(await signIns.revokeSignIns({ sub: p.sub }, 'admin')).toBe(2);
    for (const s of mine) expect(await signIns.findActiveSignIn(s.sid)).toBeNull();
    expect(await signIns.findActiveSignIn(theirs.sid)).not.toBeNull();

    expect(await signIns.revokeSignIns({ email: other.email.toUpperCase() }, 'admin')).toBe(1);
    const third = await signIns.createSignIn(person(), 3600);
    expect(await signIns.revokeSignIns({ idpSid: third.idpSid! }, 'idp-logout')).toBe(1);
    expect(await signIns.findActiveSignIn(third.sid)).toBeNull();
  });

  it('the lifetime is absolute: reading the sign-in does not extend it', async () => {
    const start = new Date('2026-12-01T08:00:00Z');
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    try {
      const s = await signIns.createSignIn(person(), 2 * 3600);
      for (let minutes = 0; minutes < 120; minutes += 30) {
        vi.setSystemTime(new Date(start.getTime() + minutes * 60_000));
        expect(await signIns.findActiveSignIn(s.sid)).not.toBeNull();
      }
      vi.setSystemTime(new Date(start.getTime() + 2 * 3600_000));
      expect(await signIns.findActiveSignIn(s.sid)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a token bucket lets exactly its burst through at once, even to concurrent takers, then says how long to wait', async () => {
    const key = `test:${randomBytes(4).toString('hex')}`;
    const spec = { label: 'test', perMinute: 60, burst: 5 };
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, () => limits.takeToken(key, spec, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
    // One token a second: a second later exactly one more gets through.
    expect(await limits.takeToken(key, spec, now + 1_000)).toEqual({ ok: true });
    expect((await limits.takeToken(key, spec, now + 1_000)).ok).toBe(false);
    // It never fills beyond its burst, however long it rests.
    const later = now + 3_600_000;
    const afterRest = await Promise.all(Array.from({ length: 8 }, () => limits.takeToken(key, spec, later)));
    expect(afterRest.filter((r) => r.ok)).toHaveLength(5);
  });

  it('keeps buckets apart by key, and names the wait for a slow refill', async () => {
    const spec = { label: 'slow', perMinute: 2, burst: 1 };
    const now = Date.now();
    const a = `a:${randomBytes(4).toString('hex')}`;
    expect(await limits.takeToken(a, spec, now)).toEqual({ ok: true });
    expect(await limits.takeToken(a, spec, now)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(await limits.takeToken(`b:${randomBytes(4).toString('hex')}`, spec, now)).toEqual({ ok: true });
  });
});
