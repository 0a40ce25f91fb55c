import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures';

/*
 * Served over https (NEXTAUTH_URL), every answer carries Strict-Transport-Security: pages and the gate's redirect
 * (proxy.ts), API answers and API errors (the route wrapper), unknown API paths. A second standalone server of the
 * same build, told it is reached over https (a TLS-terminating proxy in front, as in production), on its own store.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100) + 40;
const BASE = `http://127.0.0.1:${PORT}`;
let server: ChildProcess;
let storeDir: string;

test.beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'portal-hsts-'));
  server = spawn(process.execPath, [resolve('.next/standalone/server.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(PORT),
      HOSTNAME: '127.0.0.1',
      NEXTAUTH_URL: `https://portal.example.test`,
      NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: `file:${join(storeDir, 'portal.db')}`,
      DEVIN_API_URL: process.env.E2E_EMULATOR_URL!,
      OIDC_ISSUER: process.env.E2E_IDP_URL!,
      OIDC_CLIENT_ID: 'hsts-check',
      OIDC_CLIENT_SECRET: 'hsts-check',
      JOBS_DISABLED: '1',
      LOG_LEVEL: 'warn',
    },
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`${BASE}/api/health/live`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the https-configured portal did not start');
});

test.afterAll(async () => {
  if (server.exitCode === null) await new Promise((done) => server.once('exit', done).kill('SIGTERM'));
  rmSync(storeDir, { recursive: true, force: true });
});

test('over https, pages, redirects, API answers and API errors all carry Strict-Transport-Security', async () => {
  const cases = [
    { path: '/signin', status: 200 }, // a page
    { path: '/orgs', status: 307 }, // the gate's redirect to sign-in
    { path: '/api/orgs', status: 401 }, // an API error from the route wrapper
    { path: '/api/no-such-route', status: 401 }, // the unknown-API catch-all
  ];
  for (const { path, status } of cases) {
    const res = await fetch(`${BASE}${path}`, { redirect: 'manual' });
    expect(res.status, path).toBe(status);
    expect(res.headers.get('strict-transport-security'), path).toBe('max-age=63072000; includeSubDomains');
  }
});

test('over plain http (the e2e portal) no Strict-Transport-Security is sent', async ({ request }) => {
  const res = await request.get('/api/orgs', { maxRedirects: 0 });
  expect(res.status()).toBe(401);
  expect(res.headers()['strict-transport-security']).toBeUndefined();
});
