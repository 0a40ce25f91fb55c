import 'server-only';
import { LRUCache } from 'lru-cache';
import { sql } from 'kysely';
import { countCacheLookup } from '@/lib/observability/metrics';
import { getDb } from '@/lib/storage/db';

/*
 * The portal's caches, on one module: an LRU with a TTL that shares in-flight loads (concurrent callers wait
 * for one load; failures are not kept). Caches that must agree across instances carry a version from the store:
 * a change the portal makes itself bumps the scope's version there, and every instance drops what it loaded
 * under an older one on its next read, at once rather than after the TTL.
 */

interface Entry<V> {
  value: V;
  version: number;
}

export interface SharedCacheOptions<V> {
  /** Names the cache; caches with `versioned` share the scope's version across instances. */
  scope: string;
  ttlMs: number;
  max: number;
  /** How to load a missing key (a caller may pass its own to `get`). */
  load?: (key: string) => Promise<V>;
  /** Check the scope's version in the store on every read (for caches a change must clear everywhere at once). */
  versioned?: boolean;
}

export interface SharedCache<V> {
  get(key: string, load?: () => Promise<V>): Promise<V>;
  /** Drops this instance's entries; with `versioned`, every instance's (the next read anywhere loads afresh). */
  invalidate(): Promise<void>;
}

// On globalThis: route handlers and pages may be bundled separately, and every copy must share one cache.
const registry = globalThis as typeof globalThis & { __portalCaches?: Map<string, SharedCache<unknown>> };
const caches = (registry.__portalCaches ??= new Map());

export function sharedCache<V>(options: SharedCacheOptions<V>): SharedCache<V> {
  const existing = caches.get(options.scope) as SharedCache<V> | undefined;
  if (existing) return existing;
  const lru = new LRUCache<string, Entry<V>, { version: number; load: () => Promise<V> }>({
    max: options.max,
    ttl: options.ttlMs,
    fetchMethod: async (_key, _stale, { context }) => ({ value: await context.load(), version: context.version }),
  });
  const cache: SharedCache<V> = {
    async get(key, load) {
      const loader = load ?? (options.load && (() => options.load!(key)));
      if (!loader) throw new Error(`sharedCache ${options.scope}: no loader for ${key}`);
      const version = options.versioned ? await readVersion(options.scope) : 0;
      const hit = lru.get(key);
      if (hit && hit.version !== version) lru.delete(key);
      countCacheLookup(options.scope, hit?.version === version);
      const entry = await lru.fetch(key, { context: { version, load: loader } });
      return entry!.value;
    },
    async invalidate() {
      lru.clear();
      if (options.versioned) await bumpVersion(options.scope);
    },
  };
  caches.set(options.scope, cache as SharedCache<unknown>);
  return cache;
}

async function readVersion(scope: string): Promise<number> {
  const db = await getDb();
  const row = await db.selectFrom('cache_versions').select('version').where('scope', '=', scope).executeTakeFirst();
  return Number(row?.version ?? 0);
}

async function bumpVersion(scope: string): Promise<void> {
  const db = await getDb();
  await db
    .insertInto('cache_versions')
    .values({ scope, version: 1 })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql`cache_versions.version + 1` }))
    .execute();
}
