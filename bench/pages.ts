/**
 * Page assembly at 100 ms injected upstream latency: the whole streamed HTML of a warm page, as a portal admin,
 * against the slowest single upstream call it made (from the emulator's request log). Warm: compiled, with the
 * caches that are meant to be warm (org access, the org directory, consumption: a minute) warm, and the
 * shared-read window off, so every read the page needs afresh is made. Calls made in parallel
 * cost about one round trip (≈ 1×); calls made one after another add up (2×, 3×, …). Goal: ≤ 1.2×.
 *
 * Beside each page, the Next.js page floor (bench/next-floor/app/page-floor): a page that makes the same upstream
 * calls at once and renders next to nothing, so what it costs over its slowest call is what any Next.js page with
 * that fan-out costs on this machine, before a line of the portal runs.
 *
 * BENCH_BASELINE=/path/to/another/checkout measures that checkout's build too (before/after in one run).
 *
 *   npx tsx bench/pages.ts
 */
import type { BenchResult } from './stats';
import { startStack, type BenchStack, type Portal } from './stack';

const LATENCY_MS = 100;
const LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 11);

export async function run(): Promise<BenchResult> {
  const stack = await startStack();
  try {
    const orgId = await stack.firstOrgId();
    const pages = ['/', `/orgs/${orgId}`, '/sessions', '/service-users', '/consumption', '/audit'];
    // Loads follow each other within the shared-read window, which would answer every read from the one before.
    // The job runner's passes (alert checks) would put their own upstream calls into the request log the figures
    // come from: another instance runs them.
    const env = { DEVIN_SHARE_READS_MS: '0', JOBS_DISABLED: '1' };
    const portals: { label: string; portal: Portal }[] = [{ label: 'portal', portal: await stack.startPortal({ env }) }];
    if (process.env.BENCH_BASELINE) portals.push({ label: 'baseline', portal: await stack.startPortal({ dir: process.env.BENCH_BASELINE, env }) });

    const floor = await stack.startNextFloor();

    stack.emulator.setFaults({ rules: [{ latencyMs: LATENCY_MS }] });
    const rows: BenchResult['rows'] = [];
    const row = (page: string, build: string, runs: Load[]) => {
      runs.sort((a, b) => a.wallMs - b.wallMs);
      const median = runs[Math.floor(runs.length / 2)]!;
      rows.push({
        page: page.replace(orgId, '{org}'),
        build,
        'upstream calls': median.calls,
        'slowest call': median.calls ? `${median.slowestMs} ms` : '–',
        'whole page': `${median.wallMs.toFixed(0)} ms`,
        'page ÷ slowest call (goal ≤ 1.2×)': median.calls ? `${(median.wallMs / median.slowestMs).toFixed(2)}×` : 'no upstream call',
      });
    };
    for (const page of pages) {
      let calls: string[] = [];
      for (const { label, portal } of portals) {
        const get = (): Promise<Load> => load(stack, `${portal.url}${page}`, { cookie: portal.cookie });
        for (let i = 0; i < 2; i++) await get(); // warm: compiled, pools open
        const runs: Load[] = [];
        for (let i = 0; i < LOADS; i++) runs.push(await get());
        if (label === 'portal') calls = runs.at(-1)!.paths;
        row(page, label, runs);
      }
      if (calls.length === 0) continue;
      // The same calls from the floor page, with the service user's token (its Authorization header).
      const floorUrl = `${floor.url}/page-floor?calls=${encodeURIComponent(calls.join(','))}`;
      const get = (): Promise<Load> => load(stack, floorUrl, { authorization: `Bearer ${stack.token}` });
      for (let i = 0; i < 2; i++) await get();
      const runs: Load[] = [];
      for (let i = 0; i < LOADS; i++) runs.push(await get());
      row(page, 'Next.js floor, same calls', runs);
    }
    for (const { portal } of portals) await portal.stop();
    await floor.stop();
    return { name: `Page assembly at ${LATENCY_MS} ms upstream latency (warm, whole streamed HTML, portal admin, median of ${LOADS})`, rows };
  } finally {
    await stack.close();
  }
}

interface Load {
  wallMs: number;
  calls: number;
  slowestMs: number;
  /** The upstream GETs the page made (their paths). */
  paths: string[];
}

async function load(stack: BenchStack, url: string, headers: Record<string, string>): Promise<Load> {
  stack.emulator.clearRequests();
  const started = performance.now();
  const res = await fetch(url, { headers: { ...headers, accept: 'text/html', 'accept-encoding': 'gzip' }, redirect: 'manual' });
  await res.text();
  const wallMs = performance.now() - started;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const calls = stack.emulator.requests();
  return {
    wallMs,
    calls: calls.length,
    slowestMs: Math.max(0, ...calls.map((c) => c.at - c.receivedAt)),
    paths: calls.filter((c) => c.method === 'GET').map((c) => c.path),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./stats');
  printTable(await run());
}
