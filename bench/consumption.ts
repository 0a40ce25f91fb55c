/**
 * Per-org consumption for 200 orgs with latency injected on every upstream call: the wall time of the portal's
 * per-org table (orgs fetched in parallel, at most 8 requests in flight) against the sum of the latencies of
 * the upstream calls it made, which is what fetching them one after another would cost. Also the same view
 * again within the cache's lifetime.
 *
 * The emulator runs in this process; the portal's code runs in a child process per latency (a cold cache
 * each time), loaded with the react-server condition exactly as Next loads server code.
 *
 *   npx tsx bench/consumption.ts
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator';
import { benchEntry, reportToParent, runChild } from './child';
import type { BenchResult } from './stats';

const ORGS = 200;
const DEMO_ORGS = 6;
const LATENCIES_MS = [20, 50, 100];

interface ChildResult {
  orgs: number;
  calls: number;
  upstreamMs: number;
  wallMs: number;
  cachedWallMs: number;
  cachedCalls: number;
  concurrency: number;
}

export async function run(): Promise<BenchResult> {
  const token = `cog_${randomBytes(24).toString('hex')}`;
  const emulator = await startEmulator({ port: 0, adminToken: token, extraOrgs: ORGS - DEMO_ORGS });
  try {
    const rows: BenchResult['rows'] = [];
    for (const latencyMs of LATENCIES_MS) {
      emulator.setFaults({ rules: [{ latencyMs }] });
      const r = await runChild<ChildResult>(fileURLToPath(import.meta.url), { DEVIN_API_URL: emulator.url, DEVIN_SERVICE_USER_TOKEN: token });
      rows.push({
        'latency per call': `${latencyMs} ms`,
        orgs: r.orgs,
        'upstream calls': r.calls,
        'sum of upstream latencies': `${(r.upstreamMs / 1000).toFixed(2)} s`,
        'wall time': `${(r.wallMs / 1000).toFixed(2)} s`,
        'speed-up': `${(r.upstreamMs / r.wallMs).toFixed(1)}× (limit ${r.concurrency})`,
        'cached re-run': `${r.cachedWallMs.toFixed(1)} ms, ${r.cachedCalls} call${r.cachedCalls === 1 ? '' : 's'}`,
      });
    }
    return { name: `Per-org consumption table: ${ORGS} orgs, current cycle, latency injected on every upstream call`, rows };
  } finally {
    await emulator.close();
  }
}

/** The portal side: one cold per-org table, then the same one warm, timing every upstream call. */
async function child() {
  // Every upstream call and its time, from the emulator's own request log (the portal calls Devin over its own
  // transport, so there is no global fetch to wrap).
  const emulatorUrl = process.env.DEVIN_API_URL!;
  const clearLog = () => fetch(`${emulatorUrl}/_emulator/requests`, { method: 'DELETE' });
  const readLog = async () => {
    const { items } = (await (await fetch(`${emulatorUrl}/_emulator/requests`)).json()) as { items: { receivedAt: number; at: number }[] };
    return { calls: items.length, upstreamMs: items.reduce((sum, r) => sum + (r.at - r.receivedAt), 0) };
  };
  const { getCurrentCycle, listOrgConsumption, UPSTREAM_CONCURRENCY } = await import('../lib/consumption/consumption');
  const { getOrgAccess } = await import('../lib/access/org-access');
  const admin = { id: 'bench-admin', email: 'alice@acme.test', name: 'Bench Admin', role: 'admin' as const };
  const cycle = await getCurrentCycle();
  await getOrgAccess(admin);

  await clearLog();
  let started = performance.now();
  const rows = await listOrgConsumption(admin, cycle, cycle);
  const wallMs = performance.now() - started;
  const cold = await readLog();
  if (rows.some((r) => r.error)) throw new Error(`some orgs failed: ${rows.find((r) => r.error)!.error}`);

  await clearLog();
  started = performance.now();
  await listOrgConsumption(admin, cycle, cycle);
  const cachedWallMs = performance.now() - started;
  const cached = await readLog();
  const result: ChildResult = {
    orgs: rows.length,
    calls: cold.calls,
    upstreamMs: cold.upstreamMs,
    wallMs,
    cachedWallMs,
    cachedCalls: cached.calls,
    concurrency: UPSTREAM_CONCURRENCY,
  };
  reportToParent(result);
}

await benchEntry(import.meta.url, run, child);
