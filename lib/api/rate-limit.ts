import 'server-only';
import { countRateLimitRejection } from '@/lib/observability/metrics';
import { sql } from 'kysely';
import { getDb } from '@/lib/storage/db';
import { ApiError } from './errors';

/*
 * Token buckets in the portal store, so every instance shares them. A bucket holds up to `burst` tokens
 * and refills at `perMinute`; taking one is a single conditional UPDATE (refill and take together), so
 * concurrent requests on any number of instances can never take more than the bucket holds.
 */

export interface BucketSpec {
  /** Names the limit in the 429 message, e.g. "requests per person". */
  label: string;
  perMinute: number;
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes one token from the bucket `key`; when it is empty, says how long until the next token. */
export async function takeToken(key: string, spec: BucketSpec, now = Date.now(), attempt = 0): Promise<TakeResult> {
  const db = await getDb();
  const perMs = spec.perMinute / 60_000;
  // Tokens the bucket would hold now: what was left plus the refill since, capped at the burst.
  const elapsed = sql<number>`(case when ${now} > updated_ms then ${now} - updated_ms else 0 end)`;
  const refilled = sql<number>`(tokens + cast(${elapsed} as double precision) * cast(${perMs} as double precision))`;
  const available = sql<number>`(case when ${refilled} > cast(${spec.burst} as double precision) then cast(${spec.burst} as double precision) else ${refilled} end)`;

  const updated = await db
    .updateTable('rate_limit_buckets')
    .set({ tokens: sql<number>`${available} - 1`, updated_ms: sql<number>`(case when ${now} > updated_ms then ${now} else updated_ms end)` })
    .where('key', '=', key)
    .where(available, '>=', 1)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return { ok: true };

  const inserted = await db
    .insertInto('rate_limit_buckets')
    .values({ key, tokens: spec.burst - 1, updated_ms: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { ok: true };

  const row = await db.selectFrom('rate_limit_buckets').select(['tokens', 'updated_ms']).where('key', '=', key).executeTakeFirst();
  // Someone else's insert won the race and a token may be left: one more try, then report the wait.
  if (!row) return { ok: false, retryAfterSeconds: 1 };
  const current = Math.min(spec.burst, row.tokens + Math.max(0, now - row.updated_ms) * perMs);
  if (current >= 1 && attempt < 2) return takeToken(key, spec, now, attempt + 1);
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - current) / perMs / 1000)) };
}

/** Forgets buckets untouched for an hour (all full by then). */
export async function pruneBuckets(now = Date.now()): Promise<void> {
  const db = await getDb();
  await db.deleteFrom('rate_limit_buckets').where('updated_ms', '<', now - 3_600_000).execute();
}

/** A 429 naming the limit (the envelope's `limit`, the X-RateLimit-Scope header and the message), with Retry-After. */
export function rateLimited(limit: string, perMinute: number, retryAfterSeconds: number): ApiError {
  countRateLimitRejection(limit);
  return new ApiError('rate_limited', `Too many ${limit}: the portal allows ${perMinute} a minute. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
    limit,
  });
}
