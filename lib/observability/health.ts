import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { watchPortalToken } from '@/lib/alerts/token-watch';
import { env } from '@/lib/env';
import { getDb } from '@/lib/storage/db';
import { createDevinClient, type DevinClient } from '@/lib/upstream/client';
import { opsSettings } from './settings';

export interface UpstreamProbe {
  /** Devin gave an HTTP answer that was not a 5xx. A 401 counts as reachable (the token alert covers it). */
  reachable: boolean;
  ok: boolean;
  latencyMs: number;
  status?: number;
  code?: string;
  checkedAt: string;
}

interface ProbeCache {
  at: number;
  value: Promise<UpstreamProbe>;
  client?: { key: unknown; client: DevinClient };
}

const holder = globalThis as typeof globalThis & { __portalHealthProbe?: ProbeCache; __portalProbeClient?: { key: unknown; client: DevinClient } };

/** A client for the probe alone: one attempt, a short timeout, no retries (a load balancer asks again by itself). */
function probeClient(): DevinClient {
  const config = env();
  const s = opsSettings();
  if (holder.__portalProbeClient?.key !== config) {
    holder.__portalProbeClient = {
      key: config,
      client: createDevinClient({
        baseUrl: config.DEVIN_API_URL,
        token: config.DEVIN_SERVICE_USER_TOKEN,
        timeoutMs: s.HEALTH_PROBE_TIMEOUT_MS,
        maxRetries: 0,
        fetch: watchPortalToken(fetch),
      }),
    };
  }
  return holder.__portalProbeClient.client;
}

/**
 * `GET /v3/self`, at most once per HEALTH_PROBE_TTL_MS per instance however many callers ask: callers within the
 * window share the answer, and concurrent callers share the one request in flight.
 */
export function probeUpstream(): Promise<UpstreamProbe> {
  const ttl = opsSettings().HEALTH_PROBE_TTL_MS;
  const cached = holder.__portalHealthProbe;
  if (cached && Date.now() - cached.at < ttl) return cached.value;
  const entry: ProbeCache = { at: Date.now(), value: runProbe() };
  holder.__portalHealthProbe = entry;
  return entry.value;
}

async function runProbe(): Promise<UpstreamProbe> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  try {
    await probeClient().self.get();
    return { reachable: true, ok: true, latencyMs: Math.round(performance.now() - started), checkedAt };
  } catch (err) {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 0;
    const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'unavailable';
    return { reachable: status > 0 && status < 500, ok: false, latencyMs: Math.round(performance.now() - started), status, code, checkedAt };
  }
}

/** Forgets the cached probe (tests). */
export function resetHealthProbe(): void {
  holder.__portalHealthProbe = undefined;
  holder.__portalProbeClient = undefined;
}

/** The store answers a trivial query within `timeoutMs`. */
export async function checkStore(timeoutMs = 2_000): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await Promise.race([
      getDb(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('store did not open in time')), timeoutMs);
      }),
    ]);
    await Promise.race([
      sql`select 1`.execute(db),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('store did not answer in time')), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a request carries METRICS_TOKEN as a bearer token (compared in constant time). */
export function hasOpsToken(req: Request): boolean {
  const expected = opsSettings().METRICS_TOKEN;
  const header = req.headers.get('authorization') ?? '';
  if (!expected || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}
