/**
 * `npm run demo`: the portal on its embedded default, with no configuration.
 * Starts the Devin emulator and the local IdP in this process (unless
 * DEVIN_API_URL / OIDC_ISSUER point elsewhere), builds the portal if needed,
 * runs `next start`, and prints where to sign in and as whom.
 *
 * Flags: --dev (next dev instead of build + start), --no-build, --quiet.
 * Ports: PORT (3000), EMULATOR_PORT (4010), IDP_PORT (4000).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../demo/directory';
import { startEmulator, type RunningEmulator } from '../emulator';
import { startIdp, type RunningIdp } from '../idp';

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
        },
      ],
    });
  }

  const portalEnv: NodeJS.ProcessEnv = {
    ...process.env,
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

  const needsBuild = !dev && (!args.has('--no-build') || !existsSync('.next/BUILD_ID'));
  if (needsBuild) {
    console.log('Building the portal (next build)…');
    const build = spawnSync(nextBin, ['build'], { stdio: 'inherit', env: { ...portalEnv, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const portal = spawn(nextBin, [dev ? 'dev' : 'start', '-p', String(port)], {
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
    env: portalEnv,
  });

  const stop = async (code = 0) => {
    portal.kill('SIGTERM');
    await Promise.allSettled([emulator?.close(), idp?.close()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  portal.on('exit', (code) => void stop(code ?? 1));

  await waitFor(`${portalUrl}/api/health`);
  printBanner({ emulator, idp });
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
