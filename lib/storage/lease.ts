import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb } from './db';

/**
 * Runs `work` while holding `key` in the store, so the same change is never made twice at once by any instance.
 * Answers `busy()` (whatever it throws or returns) when someone else holds the key. A hold outlives a crashed
 * holder by at most `ttlMs`, after which the next caller takes it over.
 */
export async function withLease<T>(key: string, ttlMs: number, work: () => Promise<T>, busy: () => never): Promise<T> {
  const db = await getDb();
  const holder = randomUUID();
  const now = Date.now();
  const taken = await db
    .insertInto('leases')
    .values({ key, holder, expires_at: now + ttlMs })
    // Take over only a hold that has run out: the database decides, so two instances never both win.
    .onConflict((oc) => oc.column('key').doUpdateSet({ holder, expires_at: now + ttlMs }).where('leases.expires_at', '<', now))
    .executeTakeFirst();
  if (Number(taken.numInsertedOrUpdatedRows ?? 0) === 0) busy();
  try {
    return await work();
  } finally {
    await db.deleteFrom('leases').where('key', '=', key).where('holder', '=', holder).execute();
  }
}
