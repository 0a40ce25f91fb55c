import type { Browser, BrowserContext } from '@playwright/test';
import { COMPRESSION_THRESHOLD, measureBuild, type RouteJs } from '../../scripts/bundle-budget';
import { DEMO, expect, signInAs, test } from './fixtures';

/*
 * Holds `npm run bundle:check` to what a real browser does: a cold Chromium (fresh context, empty cache) loading a
 * page downloads exactly the JS the script counts as that page's first load, each file at the size the script
 * gives it (gzip, or raw under the compression threshold);
 * anything else it downloads is the page's own lazy chunks or chunks of the routes its links prefetch.
 */

const build = measureBuild('.next');
const otherRoutesFiles = new Set(build.routes.flatMap((r) => [...r.files, ...r.lazyFiles]));

interface Loaded {
  file: string;
  bytes: number;
}

/** Every script the page downloads from the portal until the network is idle, with its encoded (wire) body size. */
async function coldLoad(browser: Browser, storageState: Awaited<ReturnType<BrowserContext['storageState']>>, path: string) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const responses: Promise<Loaded>[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (res.request().resourceType() === 'script' && url.pathname.startsWith('/_next/')) {
      responses.push(res.request().sizes().then((s) => ({ file: url.pathname.replace(/^\/_next\//, ''), bytes: s.responseBodySize })));
    }
  });
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  const loaded = await Promise.all(responses);
  await context.close();
  return loaded;
}

function expected(route: string): RouteJs {
  const r = build.routes.find((x) => x.route === route);
  if (!r) throw new Error(`no route ${route} in the build`);
  return r;
}

test('a cold browser downloads exactly the first-load JS the bundle check counts, byte for byte', async ({ browser, page }) => {
  test.setTimeout(180_000);
  await signInAs(page, DEMO.admin, '/');
  // The dynamic routes, at a seeded org and one of its sessions, as the portal links to them.
  await page.goto('/orgs');
  const orgPath = await page.locator('main a[href^="/orgs/org-"]').first().getAttribute('href');
  await page.goto('/sessions');
  const sessionPath = await page.locator('main a[href^="/sessions/org-"]').first().getAttribute('href');
  expect(orgPath).toMatch(/^\/orgs\/org-[\w-]+$/);
  expect(sessionPath).toMatch(/^\/sessions\/org-[\w-]+\/[\w-]+$/);
  const state = await page.context().storageState();

  // Every page a signed-in person can open (the sign-in page and Next's bare not-found are the floor's shape).
  const pages: [route: string, path: string][] = [
    ['/', '/'],
    ['/orgs', '/orgs'],
    ['/orgs/[orgId]', orgPath!],
    ['/orgs/new', '/orgs/new'],
    ['/sessions', '/sessions'],
    ['/sessions/[orgId]/[sessionId]', sessionPath!],
    ['/sessions/new', '/sessions/new'],
    ['/sessions/batch', '/sessions/batch'],
    ['/service-users', '/service-users'],
    ['/consumption', '/consumption'],
    ['/approvals', '/approvals'],
    ['/audit', '/audit'],
    ['/alerts', '/alerts'],
    ['/[...missing]', '/no-such-page'],
  ];
  expect(build.routes.map((r) => r.route).filter((r) => !pages.some(([route]) => route === r)).sort()).toEqual(['/_not-found', '/signin']);

  for (const [route, path] of pages) {
    const want = expected(route);
    const loaded = await coldLoad(browser, state, path);
    const got = new Map(loaded.map((l) => [l.file, l.bytes]));
    // Every first-load file arrives; beyond them only the page's lazy chunks and other routes' (prefetched) chunks.
    expect([...got.keys()].filter((f) => want.files.includes(f)).sort(), route).toEqual([...want.files].sort());
    const lazy = loaded.filter((l) => want.lazyFiles.includes(l.file));
    const prefetched = loaded.filter((l) => !want.files.includes(l.file) && !want.lazyFiles.includes(l.file));
    expect(prefetched.filter((l) => !otherRoutesFiles.has(l.file)).map((l) => l.file), route).toEqual([]);
    // Per file: the browser's count is the script's plus HTTP/1.1 chunked framing (a few bytes per 16 KiB zlib chunk)
    // for gzip responses; files under the compression threshold come with a Content-Length, byte for byte.
    for (const f of want.files) {
      const mine = build.sizes.get(f)!;
      const framing = got.get(f)! - mine.wire;
      if (mine.raw < COMPRESSION_THRESHOLD) expect(framing, `${route} ${f}`).toBe(0);
      else {
        expect(framing, `${route} ${f} (${mine.wire} B gzip)`).toBeGreaterThanOrEqual(0);
        expect(framing, `${route} ${f} (${mine.wire} B gzip)`).toBeLessThanOrEqual(16 * Math.ceil(mine.wire / 16_384) + 16);
      }
    }
    const firstLoadOnWire = want.files.reduce((n, f) => n + got.get(f)!, 0);
    const sum = (ls: Loaded[]) => ls.reduce((n, l) => n + l.bytes, 0);
    console.log(
      `${route}: first load ${firstLoadOnWire} B on the wire (script: ${want.wireBytes} B + framing); then lazy ${sum(lazy)} B, prefetched ${sum(prefetched)} B`,
    );
  }
});
