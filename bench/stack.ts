/**
 * What the request-path benchmarks run against, each part as production runs it: the emulator (in this process,
 * so its request log gives each upstream call's time), a bare `node:http` keep-alive passthrough hop (the floor
 * any BFF costs), the Next.js floor (bench/next-floor: a route handler that only forwards the call, built on first
 * use), and the portal's standalone server (`node .next/standalone/server.js`) signed in as a portal
 * admin through a real sign-in record in a real store.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'next-auth/jwt';
import { startEmulator, type RunningEmulator, type SessionTimeline } from '../emulator';
import { runChild } from './child';

export const ADMIN = { sub: 'bench-admin', email: 'alice@acme.test', name: 'Bench Admin', groups: ['portal-admins'] };

export interface Portal {
  url: string;
  /** A signed-in portal admin's cookie header. */
  cookie: string;
  /** The server process's CPU time so far (user + system, ms), from /proc; null where there is no /proc. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

export interface BenchStack {
  emulator: RunningEmulator;
  token: string;
  hopUrl: string;
  /** A GET straight to the emulator with the service-user token, parsed (for the ids a benchmark needs). */
  devinGet<T>(path: string): Promise<T>;
  /** The first demo org's id. */
  firstOrgId(): Promise<string>;
  /** Starts bench/next-floor (`next start`, production) forwarding to the emulator; builds it first if needed. */
  startNextFloor(): Promise<{ url: string; stop(): Promise<void> }>;
  /** Starts a portal from a checkout's standalone build (this one by default) with `node` (the running one by default). */
  startPortal(options?: { dir?: string; node?: string; nodeArgs?: string[]; port?: number; env?: Record<string, string> }): Promise<Portal>;
  close(): Promise<void>;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '..');

export function standaloneServer(dir = ROOT): string {
  const server = join(dir, '.next/standalone/server.js');
  if (!existsSync(server)) throw new Error(`${server} is missing: run \`npx next build\` in ${dir} first`);
  return server;
}

export async function startStack(options: { extraOrgs?: number; sessionTimeline?: SessionTimeline } = {}): Promise<BenchStack> {
  const token = `cog_${randomBytes(24).toString('hex')}`;
  const emulator = await startEmulator({ port: 0, adminToken: token, extraOrgs: options.extraOrgs, sessionTimeline: options.sessionTimeline });
  const hopPort = await freePort();
  const hop = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'hop.ts'), String(hopPort), emulator.url], { stdio: ['ignore', 'ignore', 'inherit'] });
  const hopUrl = `http://127.0.0.1:${hopPort}`;
  await waitFor(`${hopUrl}/_emulator/health`);
  const storeDir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const children = new Set<ChildProcess>([hop]);

  const devinGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    emulator,
    token,
    hopUrl,
    devinGet,
    firstOrgId: async () => (await devinGet<{ items: { org_id: string }[] }>('/v3/enterprise/organizations?first=1')).items[0]!.org_id,
    async startNextFloor() {
      const app = join(HERE, 'next-floor');
      const next = join(ROOT, 'node_modules/next/dist/bin/next');
      if (floorBuildIsStale(app)) {
        const build = spawnSync(process.execPath, [next, 'build', app], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
        if (build.status !== 0) throw new Error('building bench/next-floor failed');
      }
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, [next, 'start', app, '-p', String(port), '-H', '127.0.0.1'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', UPSTREAM: emulator.url },
      });
      children.add(child);
      await waitFor(`${url}/v3/self`);
      return {
        url,
        stop: async () => {
          children.delete(child);
          await stopChild(child);
        },
      };
    },
    async startPortal({ dir = ROOT, node = process.execPath, nodeArgs = [], port, env = {} } = {}) {
      const listenPort = port ?? (await freePort());
      const secret = randomBytes(32).toString('hex');
      const databaseUrl = env.DATABASE_URL ?? `file:${join(storeDir, `portal-${listenPort}.db`)}`;
      const url = `http://127.0.0.1:${listenPort}`;
      const portalEnv: Record<string, string> = {
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
        PORT: String(listenPort),
        HOSTNAME: '127.0.0.1',
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: secret,
        DEVIN_API_URL: emulator.url,
        DEVIN_SERVICE_USER_TOKEN: token,
        OIDC_ISSUER: 'http://127.0.0.1:1',
        OIDC_CLIENT_ID: 'bench',
        OIDC_CLIENT_SECRET: 'bench',
        PORTAL_ADMIN_GROUPS: ADMIN.groups[0]!,
        // The benchmark is one person at one address; the limits still run (they are part of the path), never bind.
        RATE_LIMIT_PERSON_PER_MINUTE: '100000',
        RATE_LIMIT_PERSON_BURST: '100000',
        RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
        RATE_LIMIT_ADDRESS_BURST: '1000000',
        LOG_LEVEL: 'warn',
        ...env,
        DATABASE_URL: databaseUrl,
      };
      // The sign-in record, written by the portal's own code into the store the portal will read.
      const { sid } = await runChild<{ sid: string }>(join(HERE, 'sign-in.ts'), { ...portalEnv, BENCH_SIGN_IN: JSON.stringify(ADMIN) });
      const jwt = await encode({ secret, token: { sub: ADMIN.sub, sid, email: ADMIN.email, name: ADMIN.name, role: 'admin' } });
      const child = spawn(node, [...nodeArgs, standaloneServer(dir)], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...portalEnv } });
      children.add(child);
      await waitFor(`${url}/api/health/live`);
      return {
        url,
        cookie: `next-auth.session-token=${jwt}`,
        cpuMs: () => processCpuMs(child.pid!),
        stop: async () => {
          children.delete(child);
          await stopChild(child);
        },
      };
    },
    async close() {
      await Promise.all([...children].map(stopChild));
      await emulator.close();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** bench/next-floor needs a build: none yet, or a source file changed since the last one. */
function floorBuildIsStale(app: string): boolean {
  const built = join(app, '.next/BUILD_ID');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [join(app, 'next.config.mjs'), join(app, 'upstream.js'), ...readdirSync(join(app, 'app'), { recursive: true, encoding: 'utf8' }).map((f) => join(app, 'app', f))];
  return sources.some((file) => statSync(file).mtimeMs > builtAt);
}

/** utime + stime of a process in ms (Linux; the kernel's clock tick is 100 Hz on every mainstream build). */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.kill('SIGTERM');
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}
