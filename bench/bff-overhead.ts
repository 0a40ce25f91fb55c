/**
 * What the BFF adds to a call, side by side in one run: the same upstream read or write made directly against
 * Devin (the emulator), through one bare `node:http` keep-alive passthrough (the floor any extra hop costs),
 * through the Next.js floor (bench/next-floor: a route handler that only forwards the call, so what it adds over
 * the hop is Next.js's own per-request cost, which no portal code can remove), and through the portal's standalone server as a signed-in portal admin (session, sign-in record, rate limits,
 * route table, access resolution, validation, mapping, the trail for writes). A list, a detail and a write.
 *
 * Latency: REQUESTS calls one at a time, the paths interleaved so drift hits them alike. Throughput: CONCURRENCY
 * callers for THROUGHPUT_REQUESTS calls. Each caller reads its own URL (its own page size or session), so the
 * portal's sharing of identical reads in flight never answers for it; the shared-read window is off.
 *
 * BENCH_BASELINE=/path/to/another/checkout adds that checkout's build as one more path (before/after in one run).
 *
 *   npx tsx bench/bff-overhead.ts
 */
import { latencies, percentile, throughput, timed, type BenchResult } from './stats';
import { startStack, type BenchStack, type Portal } from './stack';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const THROUGHPUT_REQUESTS = Number(process.env.BENCH_THROUGHPUT_REQUESTS ?? 800);
const CONCURRENCY = 8;

interface Op {
  name: string;
  upstream: string;
  /** The i-th caller's request: upstream path and portal path. */
  request(i: number): { method: string; upstreamPath: string; portalPath: string; body?: string; upstreamBody?: string };
}

interface PathStats {
  path: string;
  p50: number;
  p99: number;
  rps: number;
}

export async function run(): Promise<BenchResult[]> {
  const stack = await startStack({ sessionTimeline: { claimedAfterMs: 0, runningAfterMs: 0, exitAfterMs: 24 * 3_600_000 } });
  try {
    const ops = await operations(stack);
    const portals: { label: string; portal: Portal }[] = [
      { label: 'portal', portal: await stack.startPortal({ env: { DEVIN_SHARE_READS_MS: '0' } }) },
    ];
    if (process.env.BENCH_BASELINE) {
      portals.push({ label: 'portal (baseline)', portal: await stack.startPortal({ dir: process.env.BENCH_BASELINE, env: { DEVIN_SHARE_READS_MS: '0' } }) });
    }
    const nextFloor = await stack.startNextFloor();
    const tables: BenchResult[] = [];
    const summary: BenchResult['rows'] = [];
    for (const op of ops) {
      const stats = await measure(stack, nextFloor.url, portals, op);
      const [direct, hop, floor, ...viaPortals] = stats as [PathStats, PathStats, PathStats, ...PathStats[]];
      tables.push({
        name: `${op.name}: ${op.upstream} (p50/p99 over ${REQUESTS} sequential calls; req/s at concurrency ${CONCURRENCY})`,
        rows: stats.map((s) => ({
          path: s.path,
          p50: `${s.p50.toFixed(2)} ms`,
          p99: `${s.p99.toFixed(2)} ms`,
          'added p50': s === direct ? '–' : `+${(s.p50 - direct.p50).toFixed(2)} ms`,
          'added p99': s === direct ? '–' : `+${(s.p99 - direct.p99).toFixed(2)} ms`,
          'req/s': s.rps.toFixed(0),
          'of direct': `${((s.rps / direct.rps) * 100).toFixed(0)} %`,
        })),
      });
      const hopAdds = Math.max(hop.p50 - direct.p50, 0.01);
      for (const p of [floor, ...viaPortals]) {
        summary.push({
          operation: op.name,
          path: p.path,
          'added p50 ÷ bare hop (goal ≤ 5×)': `${((p.p50 - direct.p50) / hopAdds).toFixed(1)}×`,
          'added p99 (goal ≤ 5 ms)': `${(p.p99 - direct.p99).toFixed(2)} ms`,
          'throughput of direct (goal ≥ 40 %)': `${((p.rps / direct.rps) * 100).toFixed(0)} %`,
          'above the Next.js floor (p50)': p === floor ? '–' : `+${(p.p50 - floor.p50).toFixed(2)} ms (${((p.p50 - floor.p50) / hopAdds).toFixed(1)}× hop)`,
        });
      }
    }
    await nextFloor.stop();
    tables.push({ name: 'BFF overhead against the goals of issue 12 (the Next.js floor: a route handler that only forwards)', rows: summary });
    tables.push(await frameworkFloor(stack, portals));
    for (const { portal } of portals) await portal.stop();
    return tables;
  } finally {
    await stack.close();
  }
}

/**
 * What Next.js itself costs per request, for scale: GET /api/health/live is a route handler with no session, no
 * store and no upstream call, so its whole time is the framework's (routing, request and response objects, the
 * streamed reply) plus the loopback round trip. Beside it, the emulator answering GET /v3/self directly.
 */
async function frameworkFloor(stack: BenchStack, portals: { label: string; portal: Portal }[]): Promise<BenchResult> {
  const auth = { Authorization: `Bearer ${stack.token}` };
  const paths = [
    { path: 'direct: GET /v3/self', call: () => fetch(`${stack.emulator.url}/v3/self`, { headers: auth }) },
    ...portals.map(({ label, portal }) => ({ path: `${label}: GET /api/health/live`, call: () => fetch(`${portal.url}/api/health/live`) })),
  ];
  const rows: BenchResult['rows'] = [];
  for (const p of paths) {
    const run = async () => {
      const res = await p.call();
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${p.path} answered ${res.status}`);
    };
    for (let i = 0; i < 50; i++) await run();
    const samples = await latencies(run, REQUESTS);
    rows.push({ path: p.path, p50: `${percentile(samples, 50).toFixed(2)} ms`, p99: `${percentile(samples, 99).toFixed(2)} ms` });
  }
  return { name: 'For scale: a route handler that does nothing (the framework alone) against one direct upstream call', rows };
}

async function operations(stack: BenchStack): Promise<Op[]> {
  const auth = { Authorization: `Bearer ${stack.token}` };
  // Sessions of its own, started for the run and still running when it ends (ended ones refuse writes).
  const orgId = await stack.firstOrgId();
  const ids: string[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const res = await fetch(`${stack.emulator.url}/v3/organizations/${orgId}/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: `Benchmark session ${i + 1}` }),
    });
    if (!res.ok) throw new Error(`starting a benchmark session answered ${res.status}`);
    ids.push(((await res.json()) as { session_id: string }).session_id);
  }
  const session = (i: number) => ids[i % ids.length]!;
  return [
    {
      name: 'list',
      upstream: 'GET /api/orgs ↔ GET /v3/enterprise/organizations',
      request: (i) => ({ method: 'GET', upstreamPath: `/v3/enterprise/organizations?first=${100 + (i % CONCURRENCY)}`, portalPath: `/api/orgs?first=${100 + (i % CONCURRENCY)}` }),
    },
    {
      name: 'detail',
      upstream: 'GET /api/orgs/{org}/sessions/{id} ↔ GET /v3/organizations/{org}/sessions/{id}',
      request: (i) => ({
        method: 'GET',
        upstreamPath: `/v3/organizations/${orgId}/sessions/${session(i)}`,
        portalPath: `/api/orgs/${orgId}/sessions/${session(i)}`,
      }),
    },
    {
      name: 'write',
      upstream: 'POST /api/orgs/{org}/sessions/{id}/tags ↔ POST /v3/organizations/{org}/sessions/{id}/tags (the portal also reads the session to check who may change it)',
      request: (i) => ({
        method: 'POST',
        upstreamPath: `/v3/organizations/${orgId}/sessions/${session(i)}/tags`,
        portalPath: `/api/orgs/${orgId}/sessions/${session(i)}/tags`,
        body: JSON.stringify({ tags: ['bench'] }),
      }),
    },
  ];
}

async function measure(stack: BenchStack, nextFloorUrl: string, portals: { label: string; portal: Portal }[], op: Op): Promise<PathStats[]> {
  const auth = { Authorization: `Bearer ${stack.token}` };
  const paths = [
    { path: 'direct', call: (i: number) => call(stack.emulator.url, op.request(i), 'upstream', auth) },
    { path: 'bare hop', call: (i: number) => call(stack.hopUrl, op.request(i), 'upstream', auth) },
    { path: 'Next.js floor', call: (i: number) => call(nextFloorUrl, op.request(i), 'upstream', auth) },
    ...portals.map(({ label, portal }) => ({
      path: label,
      call: (i: number) => call(portal.url, op.request(i), 'portal', { cookie: portal.cookie, origin: portal.url }),
    })),
  ];
  // Warm-up: JIT, route compilation, connection pools, the access cache.
  for (let i = 0; i < 50; i++) for (const p of paths) await p.call(i);
  // Interleaved, so drift hits every path alike.
  const samples = paths.map(() => [] as number[]);
  for (let i = 0; i < REQUESTS; i++) {
    for (const [k, p] of paths.entries()) samples[k]!.push(await timed(() => p.call(i)));
  }
  const results: PathStats[] = [];
  for (const [k, p] of paths.entries()) {
    const rps = await throughput(p.call, THROUGHPUT_REQUESTS, CONCURRENCY);
    results.push({ path: p.path, p50: percentile(samples[k]!, 50), p99: percentile(samples[k]!, 99), rps });
  }
  return results;
}

async function call(
  base: string,
  r: ReturnType<Op['request']>,
  via: 'upstream' | 'portal',
  headers: Record<string, string>,
): Promise<void> {
  const body = via === 'portal' ? r.body : (r.upstreamBody ?? r.body);
  const res = await fetch(`${base}${via === 'portal' ? r.portalPath : r.upstreamPath}`, {
    method: r.method,
    headers: { ...headers, accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', ...(body && { 'content-type': 'application/json' }) },
    body,
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${r.method} ${res.url} answered ${res.status}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./stats');
  for (const table of await run()) printTable(table);
}
