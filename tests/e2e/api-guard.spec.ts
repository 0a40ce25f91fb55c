import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEMO, expect, signInAs, test } from './fixtures';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
// Public on purpose: next-auth's own endpoints, health probes that say nothing about identity, and the metrics
// route, which checks its own bearer token (tests/e2e/alerts.spec.ts covers those).
const PUBLIC = [/^\/api\/auth\//, /^\/api\/health(\/live|\/ready)?$/, /^\/api\/metrics$/];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every route handler under app/api, with the methods it exports and a concrete URL. */
function apiRoutes() {
  return walk('app/api')
    .filter((f) => /route\.tsx?$/.test(f))
    .map((file) => {
      const source = readFileSync(file, 'utf8');
      const url =
        '/' +
        relative('app', file)
          .replace(/\/route\.tsx?$/, '')
          .replace(/\[\.\.\.[^\]]+\]/g, 'x')
          .replace(/\[[^\]]+\]/g, 'org-000000000000');
      const methods = METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b|as ${m}\\b`).test(source));
      return { url, methods };
    })
    .filter((r) => !PUBLIC.some((p) => p.test(r.url)));
}

test('every /api route answers 401 JSON without a session', async ({ request }) => {
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThan(2);
  for (const { url, methods } of routes) {
    for (const method of methods) {
      const res = await request.fetch(url, { method, data: method === 'GET' ? undefined : {}, maxRedirects: 0 });
      expect(res.status(), `${method} ${url}`).toBe(401);
      expect((await res.json()).error.code, `${method} ${url}`).toBe('unauthorized');
    }
  }
});

test('API responses carry no-store and the security headers', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.headers()['cache-control']).toContain('no-store');
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  const page = await request.get('/signin');
  const csp = page.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-/);
  expect(page.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('small API answers go out uncompressed (no-transform); pages and streamed exports are still gzipped', async ({ page }) => {
  await signInAs(page, DEMO.admin);
  const gzip = { 'accept-encoding': 'gzip' };
  const api = await page.request.get('/api/me', { headers: gzip });
  expect(api.status()).toBe(200);
  expect(api.headers()['cache-control']).toBe('no-store, no-transform');
  expect(api.headers()['content-encoding']).toBeUndefined();
  const refused = await page.request.get('/api/orgs/org-000000000000', { headers: gzip });
  expect(refused.status()).toBe(404);
  expect(refused.headers()['content-encoding']).toBeUndefined();
  const html = await page.request.get('/', { headers: gzip });
  expect(html.headers()['content-encoding']).toBe('gzip');
  const csv = await page.request.get('/api/audit/export?source=devin', { headers: gzip });
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-encoding']).toBe('gzip');
});

test('the service-user token appears in no bundle, page or API response', async ({ page }) => {
  const token = process.env.DEVIN_SERVICE_USER_TOKEN!;
  expect(token).toMatch(/^cog_/);
  for (const file of walk('.next/static')) {
    expect(readFileSync(file, 'utf8').includes(token), file).toBe(false);
  }
  const bodies: string[] = [];
  page.on('response', async (res) => {
    if (res.url().startsWith('http://localhost')) bodies.push(await res.text().catch(() => ''));
  });
  await signInAs(page, DEMO.admin);
  for (const path of ['/api/me', '/api/orgs', '/api/health']) {
    const res = await page.request.get(path);
    bodies.push(await res.text());
  }
  bodies.push(await page.content());
  expect(bodies.length).toBeGreaterThan(3);
  for (const body of bodies) expect(body.includes(token)).toBe(false);
});

test('a cross-origin write is refused with 403', async ({ page }) => {
  await signInAs(page, DEMO.admin);
  const res = await page.request.post('/api/orgs', {
    headers: { Origin: 'https://evil.example' },
    data: { name: 'Should not exist' },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/cross-origin/i);
});

test("a member asking for another org's data gets 404", async ({ page }) => {
  await signInAs(page, DEMO.member);
  const me = await (await page.request.get('/api/me')).json();
  const own: string[] = me.memberships.map((m: { orgId: string }) => m.orgId);
  expect(own).toHaveLength(1);
  // A real org of someone else's, read straight from the emulator.
  const upstream = await fetch(`${process.env.E2E_EMULATOR_URL}/v3/enterprise/organizations?first=200`, {
    headers: { Authorization: `Bearer ${process.env.DEVIN_SERVICE_USER_TOKEN}` },
  });
  const others = ((await upstream.json()) as { items: { org_id: string }[] }).items.filter((o) => !own.includes(o.org_id));
  expect(others.length).toBeGreaterThan(0);
  const mine = await page.request.get(`/api/orgs/${own[0]}`);
  expect(mine.status()).toBe(200);
  const res = await page.request.get(`/api/orgs/${others[0]!.org_id}`);
  expect(res.status()).toBe(404);
  expect(await res.text()).not.toContain(others[0]!.org_id);
});
