import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedCache } from '@/lib/cache';
import { closeDb, getDb } from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';
import { STORE_BACKENDS } from './store-backends';

/*
 * Caches that must agree across instances carry the scope's version from the store. Another instance's
 * change is a bump of that version in the store: this instance must load afresh on its next read.
 */

describe.each(STORE_BACKENDS)('shared caches on $name', (backend) => {
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (backend.skip) return;
    let url: string;
    ({ url, cleanup } = await backend.create());
    setPortalEnv({ url: 'http://127.0.0.1:1', token: 'cog_cache_tests' }, { DATABASE_URL: url });
  });

  afterAll(async () => {
    if (backend.skip) return;
    await closeDb();
    await cleanup();
  });

  it.skipIf(backend.skip)('shares one load among concurrent readers, and keeps it for its TTL', async () => {
    let loads = 0;
    const cache = sharedCache<number>({ scope: `test-ttl-${backend.name}`, ttlMs: 60_000, max: 10, load: async () => ++loads });
    const values = await Promise.all(Array.from({ length: 20 }, () => cache.get('k')));
    expect(new Set(values)).toEqual(new Set([1]));
    expect(await cache.get('k')).toBe(1);
    expect(loads).toBe(1);
  });

  it.skipIf(backend.skip)('does not keep a failed load', async () => {
    let calls = 0;
    const cache = sharedCache<string>({
      scope: `test-fail-${backend.name}`,
      ttlMs: 60_000,
      max: 10,
      load: async () => {
        if (++calls === 1) throw new Error('upstream down');
        return 'ok';
      },
    });
    await expect(cache.get('k')).rejects.toThrow('upstream down');
    expect(await cache.get('k')).toBe('ok');
  });

  it.skipIf(backend.skip)('loads afresh at once when another instance bumps the version in the store', async () => {
    const scope = `test-versioned-${backend.name}`;
    let loads = 0;
    const cache = sharedCache<number>({ scope, ttlMs: 60_000, max: 10, versioned: true, load: async () => ++loads });
    expect(await cache.get('k')).toBe(1);
    expect(await cache.get('k')).toBe(1);
    // What another instance's invalidate() does: one statement on the shared store.
    const db = await getDb();
    await db
      .insertInto('cache_versions')
      .values({ scope, version: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql`cache_versions.version + 1` }))
      .execute();
    expect(await cache.get('k')).toBe(2);
    await cache.invalidate();
    expect(await cache.get('k')).toBe(3);
    const row = await db.selectFrom('cache_versions').select('version').where('scope', '=', scope).executeTakeFirstOrThrow();
    expect(Number(row.version)).toBe(2);
  });
});
