/**
 * `npm run demo`: the portal on its embedded default, with no configuration.
 * Starts the Devin emulator and the local IdP in this process (unless
 * DEVIN_API_URL / OIDC_ISSUER point elsewhere), builds the portal if needed,
 * runs the standalone production server (`node .next/standalone/server.js`), and prints where to sign in and as whom.
 *
 * Flags: --dev (next dev instead of build + start), --no-build, --quiet.
 * Ports: PORT (3000), EMULATOR_PORT (4010), IDP_PORT (4000).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../demo/directory';
import { startEmulator, type RunningEmulator } from '../emulator';
import { startIdp, type RunningIdp } from '../idp';
import { startLoadBalancer, type Backend } from './load-balancer';

const args = new Set(process.argv.slice(2));
const dev = args.has('--dev');
const quiet = args.has('--quiet');
const port = Number(process.env.PORT ?? 3000);
const portalUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
const nextBin = new URL('../node_modules/.bin/next', import.meta.url).pathname;
let metricsToken = '';

function secret(prefix = '') {
  return prefix + randomBytes(24).toString('hex');
}

function parseTimeline(value: string | undefined) {
  if (!value) return undefined;
  const [claimedAfterMs, runningAfterMs, exitAfterMs] = value.split(',').map(Number);
  if (![claimedAfterMs, runningAfterMs, exitAfterMs].every((n) => Number.isFinite(n))) {
    throw new Error('DEMO_SESSION_TIMELINE_MS must be three numbers: claimed,running,exit (ms)');
  }
  return { claimedAfterMs: claimedAfterMs!, runningAfterMs: runningAfterMs!, exitAfterMs: exitAfterMs! };
}

async function main() {
  // Secrets live only in this process's memory and the portal's environment.
  const token = process.env.DEVIN_SERVICE_USER_TOKEN ?? secret('cog_');
  const clientId = process.env.OIDC_CLIENT_ID ?? 'devin-portal';
  const clientSecret = process.env.OIDC_CLIENT_SECRET ?? secret();
  metricsToken = process.env.METRICS_TOKEN ?? secret();

  let emulator: RunningEmulator | undefined;
  let idp: RunningIdp | undefined;
  if (!process.env.DEVIN_API_URL) {
    emulator = await startEmulator({
      port: Number(process.env.EMULATOR_PORT ?? 4010),
      adminToken: token,
      sessionTimeline: parseTimeline(process.env.DEMO_SESSION_TIMELINE_MS),
    });
  }
  if (!process.env.OIDC_ISSUER) {
    idp = await startIdp({
      port: Number(process.env.IDP_PORT ?? 4000),
      clients: [
        {
          clientId,
          clientSecret,
          redirectUris: [`${portalUrl}/api/auth/callback/sso`],
          postLogoutRedirectUris: [`${portalUrl}/signin`],
          backchannelLogoutUri: `${portalUrl}/api/auth/backchannel-logout`,
        },
      ],
    });
  }

  const portalEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // The standalone server runs from .next/standalone: a relative SQLite path must mean the same file as here.
    DATABASE_URL: absoluteStoreUrl(process.env.DATABASE_URL ?? 'file:./data/portal.db'),
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    NEXTAUTH_URL: portalUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secret(),
    DEVIN_API_URL: process.env.DEVIN_API_URL ?? emulator!.url,
    DEVIN_SERVICE_USER_TOKEN: token,
    OIDC_ISSUER: process.env.OIDC_ISSUER ?? idp!.issuer,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    ...(idp && !process.env.OIDC_DISPLAY_NAME && { OIDC_DISPLAY_NAME: 'Acme SSO (demo)' }),
    // Logs for a person at a terminal, and a metrics token the banner shows (production: JSON, a real secret).
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    METRICS_TOKEN: metricsToken,
  };

  const needsBuild = !dev && (!args.has('--no-build') || !existsSync(STANDALONE_SERVER));
  if (needsBuild) {
    console.log('Building the portal (next build)…');
    const build = spawnSync(nextBin, ['build'], { stdio: 'inherit', env: { ...portalEnv, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error('next build failed');
  }

  // As production starts it: the self-contained server of `output: 'standalone'`, with its static files beside it.
  // PORTAL_INSTANCES=N runs N of them on ports PORT+1…PORT+N behind a round-robin balancer on PORT (use a
  // postgres:// DATABASE_URL so they share one store).
  if (!dev) prepareStandalone();
  const instances = dev ? 1 : Number(process.env.PORTAL_INSTANCES ?? 1);
  const spawnPortal = (listenPort: number) =>
    dev
      ? spawn(nextBin, ['dev', '-p', String(listenPort)], { stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'], env: portalEnv })
      : spawn(process.execPath, [STANDALONE_SERVER], {
          stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
          env: { ...portalEnv, PORT: String(listenPort), NODE_ENV: 'production', HOSTNAME: process.env.HOSTNAME ?? '::' },
        });
  const portals = instances === 1 ? [spawnPortal(port)] : Array.from({ length: instances }, (_, i) => spawnPortal(port + 1 + i));
  const backends: Backend[] = portals.map((p, i) => ({ port: port + 1 + i, up: true, stop: () => p.kill('SIGKILL') }));
  if (instances > 1) {
    await Promise.all(backends.map((b) => waitFor(`http://127.0.0.1:${b.port}/api/health`)));
    await startLoadBalancer(port, backends, { control: process.env.DEMO_LB_CONTROL === '1' });
  }

  const stop = async (code = 0) => {
    for (const p of portals) p.kill('SIGTERM');
    await Promise.allSettled([emulator?.close(), idp?.close()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // One instance stopping on purpose (a test killing it) leaves the rest running; all of them gone ends the demo.
  portals.forEach((p, i) =>
    p.on('exit', (code) => {
      backends[i]!.up = false;
      if (instances === 1 || backends.every((b) => !b.up)) void stop(code ?? 1);
    }),
  );

  await waitFor(`${portalUrl}/api/health`);
  printBanner({ emulator, idp });
}

const STANDALONE_SERVER = '.next/standalone/server.js';

/** `file:./x.db` → `file:/abs/path/x.db`, resolved from where the demo was started; other URLs unchanged. */
function absoluteStoreUrl(url: string): string {
  const file = /^file:(?:\/\/)?(.*)$/.exec(url);
  return file ? `file:${resolve(file[1]!)}` : url;
}

/** The standalone server serves `.next/static` and `public` only from beside itself: copy them there after a build. */
function prepareStandalone() {
  cpSync('.next/static', '.next/standalone/.next/static', { recursive: true });
  if (existsSync('public')) cpSync('public', '.next/standalone/public', { recursive: true });
}

async function waitFor(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The portal did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function printBanner({ emulator, idp }: { emulator?: RunningEmulator; idp?: RunningIdp }) {
  const featured = DEMO_PEOPLE.filter((p) => p.featured);
  const width = Math.max(...featured.map((p) => p.email.length));
  console.log(
    [
      '',
      '  Devin Portal is running',
      '',
      `  Portal      ${portalUrl}`,
      `  Devin API   ${emulator ? `${emulator.url}  (emulator, seeded demo enterprise)` : process.env.DEVIN_API_URL}`,
      `  SSO         ${idp ? `${idp.issuer}  (local IdP)` : process.env.OIDC_ISSUER}`,
      `  Health      ${portalUrl}/api/health  (also /api/health/live, /api/health/ready)`,
      `  Metrics     curl -H 'Authorization: Bearer ${metricsToken}' ${portalUrl}/api/metrics`,
      '',
      ...(idp
        ? [
            `  Sign in with any of these (password: ${DEMO_PASSWORD}):`,
            ...featured.map((p) => `    ${p.email.padEnd(width)}  ${p.featured}`),
            '',
          ]
        : []),
      '  Ctrl+C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
