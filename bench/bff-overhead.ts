/**
 * The BFF's added latency and throughput: the same upstream list read directly
 * from the emulator and through the portal (`next start`, signed-in admin,
 * auth + access check + validation + mapping), side by side in one run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { encode } from 'next-auth/jwt';
import { startEmulator } from '../emulator';
import { percentile, timed, type BenchResult } from './stats';

const PORT = 3300;
const REQUESTS = 300;
const CONCURRENCY = 8;

async function throughput(call: () => Promise<unknown>): Promise<number> {
  let remaining = REQUESTS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining-- > 0) await call();
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

async function latencies(call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) samples.push(await timed(call));
  return samples;
}

export async function run(): Promise<BenchResult> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Run `npm run build` first: the benchmark measures the production server.');
  const token = `cog_${randomBytes(24).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  const emulator = await startEmulator({ port: 0, adminToken: token });
  const portalUrl = `http://localhost:${PORT}`;
  const portal = spawn(new URL('../node_modules/.bin/next', import.meta.url).pathname, ['start', '-p', String(PORT)], {
    stdio: 'ignore',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXTAUTH_URL: portalUrl,
      NEXTAUTH_SECRET: secret,
      DEVIN_API_URL: emulator.url,
      DEVIN_SERVICE_USER_TOKEN: token,
      OIDC_ISSUER: 'http://127.0.0.1:1',
      OIDC_CLIENT_ID: 'bench',
      OIDC_CLIENT_SECRET: 'bench',
      DATABASE_URL: 'file:./data/bench.db',
    },
  });
  try {
    // A session cookie minted with the portal's own secret: the portal checks it exactly as it would a real sign-in.
    const jwt = await encode({ secret, token: { sub: 'alice', email: 'alice@acme.test', name: 'Alice Martin', role: 'admin' } });
    const cookie = `next-auth.session-token=${jwt}`;
    await waitFor(`${portalUrl}/api/health`);

    const direct = () =>
      fetch(`${emulator.url}/v3/enterprise/organizations?first=100`, { headers: { Authorization: `Bearer ${token}` } }).then(ok);
    const viaPortal = () => fetch(`${portalUrl}/api/orgs?first=100`, { headers: { cookie } }).then(ok);

    for (let i = 0; i < 30; i++) await Promise.all([direct(), viaPortal()]); // warm-up: JIT, route compilation, access cache
    const d = await latencies(direct);
    const p = await latencies(viaPortal);
    const dRps = await throughput(direct);
    const pRps = await throughput(viaPortal);
    const row = (metric: string, a: number, b: number, unit: string) => ({
      metric,
      direct: `${a.toFixed(2)} ${unit}`,
      'via portal': `${b.toFixed(2)} ${unit}`,
      ratio: `${(b / a).toFixed(2)}×`,
    });
    return {
      name: `BFF overhead: GET /api/orgs vs GET /v3/enterprise/organizations (${REQUESTS} requests, concurrency ${CONCURRENCY} for throughput)`,
      rows: [
        row('latency p50', percentile(d, 50), percentile(p, 50), 'ms'),
        row('latency p95', percentile(d, 95), percentile(p, 95), 'ms'),
        row('throughput', dRps, pRps, 'req/s'),
      ],
    };
  } finally {
    portal.kill('SIGTERM');
    await emulator.close();
  }
}

async function ok(res: Response) {
  if (!res.ok) throw new Error(`${res.url} answered ${res.status}`);
  await res.arrayBuffer();
}

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}
