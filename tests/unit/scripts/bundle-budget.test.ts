import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD, crossCheckWithNext, goalKb, measureBuild, routeOf, wireSize } from '../../../scripts/bundle-budget';

/*
 * The size-computing part of `npm run bundle:check`, on a build directory laid out as Next 16's Turbopack writes it
 * (manifests in the same formats, chunks of real bytes), and, when this checkout has a build, on that build against
 * Next's own route-bundle-stats.json. The e2e spec bundle-budget.spec.ts holds the figures to a real browser.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function write(root: string, rel: string, content: string | Buffer) {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
}

/** The client-reference manifest is a script, as Turbopack emits it. */
function rscManifest(appPath: string, entryJSFiles: Record<string, string[]>) {
  return (
    'globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\n' +
    `globalThis.__RSC_MANIFEST[${JSON.stringify(appPath)}] = ${JSON.stringify({ moduleLoading: { prefix: '' }, clientModules: {}, entryCSSFiles: {}, entryJSFiles })};\n`
  );
}

/** Compressible JS of roughly `n` bytes, different per name (a real chunk compresses about 3:1; so does this). */
function js(name: string, n: number) {
  let out = `/* ${name} */`;
  while (out.length < n) out += `function ${name}_${out.length}(a,b){return a+b+${JSON.stringify(randomBytes(6).toString('hex'))}}\n`;
  return out.slice(0, n);
}

function fixture() {
  const dist = mkdtempSync(join(tmpdir(), 'bundle-budget-'));
  dirs.push(dist);
  const chunks: Record<string, string> = {
    'static/chunks/react.js': js('react', 40_000),
    'static/chunks/router.js': js('router', 20_000),
    'static/chunks/turbopack-rt.js': js('rt', 4_000),
    'static/chunks/next-layout.js': js('layout', 3_000),
    'static/chunks/portal-layout.js': js('portal', 6_000),
    'static/chunks/error.js': js('error', 600), // under the compression threshold: sent as is
    'static/chunks/orgs-page.js': js('orgs', 9_000),
    'static/chunks/chart.js': js('chart', 30_000),
    'static/chunks/polyfills.js': js('poly', 12_000), // nomodule: listed nowhere a page reads
  };
  for (const [rel, body] of Object.entries(chunks)) write(dist, rel, body);
  write(dist, 'static/chunks/portal.css', '.a{color:red}'.repeat(200));
  write(
    dist,
    'build-manifest.json',
    JSON.stringify({
      polyfillFiles: ['static/chunks/polyfills.js'],
      rootMainFiles: ['static/chunks/react.js', 'static/chunks/router.js', 'static/chunks/turbopack-rt.js'],
      pages: { '/_app': [] },
    }),
  );
  write(
    dist,
    'server/app-paths-manifest.json',
    JSON.stringify({
      '/(portal)/orgs/[orgId]/page': 'app/(portal)/orgs/[orgId]/page.js',
      '/(portal)/consumption/page': 'app/(portal)/consumption/page.js',
      '/_global-error/page': 'app/_global-error/page.js',
      '/api/orgs/route': 'app/api/orgs/route.js',
    }),
  );
  const builtin = '[project]/node_modules/next/dist/client/components/builtin/global-error';
  write(dist, 'server/app/_global-error/page_client-reference-manifest.js', rscManifest('/_global-error/page', { [builtin]: ['static/chunks/next-layout.js'] }));
  const portal = {
    '[project]/app/layout': ['static/chunks/next-layout.js'],
    [builtin]: ['static/chunks/next-layout.js'],
    '[project]/app/(portal)/layout': ['static/chunks/next-layout.js', 'static/chunks/portal-layout.js', 'static/chunks/portal.css'],
    '[project]/app/(portal)/error': ['static/chunks/next-layout.js', 'static/chunks/portal-layout.js', 'static/chunks/error.js'],
  };
  write(
    dist,
    'server/app/(portal)/orgs/[orgId]/page_client-reference-manifest.js',
    rscManifest('/(portal)/orgs/[orgId]/page', { ...portal, '[project]/app/(portal)/orgs/[orgId]/page': ['static/chunks/next-layout.js', 'static/chunks/orgs-page.js'] }),
  );
  write(
    dist,
    'server/app/(portal)/consumption/page_client-reference-manifest.js',
    rscManifest('/(portal)/consumption/page', { ...portal, '[project]/app/(portal)/consumption/page': ['static/chunks/next-layout.js'] }),
  );
  write(
    dist,
    'server/app/(portal)/consumption/page/react-loadable-manifest.json',
    JSON.stringify({ 'app/(portal)/consumption/_components/chart.tsx -> ./bars': { id: 1, files: ['static/chunks/chart.js', 'static/chunks/next-layout.js'] } }),
  );
  const wire = (rel: string) => {
    const bytes = Buffer.from(chunks[rel]!);
    return bytes.length < COMPRESSION_THRESHOLD ? bytes.length : gzipSync(bytes).length;
  };
  return { dist, chunks, wire };
}

/** The per-route lists Next writes after a build (uncompressed sizes only, paths relative to the project), as this fixture's. */
function writeNextStats(dist: string) {
  const asNext = measureBuild(dist).routes.map((r) => ({
    route: r.route,
    firstLoadChunkPaths: r.files.map((f) => `.next/${f}`),
    firstLoadUncompressedJsBytes: r.rawBytes,
  }));
  write(dist, 'diagnostics/route-bundle-stats.json', JSON.stringify(asNext));
  return asNext;
}

describe('bundle budget: sizes', () => {
  it('counts a file as next start sends it: gzip at the default level, raw under 1 KiB', () => {
    const big = Buffer.from(js('x', 5_000));
    expect(wireSize(big)).toBe(gzipSync(big).length);
    expect(wireSize(big)).toBeLessThan(big.length / 2);
    const small = Buffer.from(js('y', COMPRESSION_THRESHOLD - 1));
    expect(wireSize(small)).toBe(small.length);
  });

  it("holds pages to issue 12's goal: 130 kB, 200 kB where the chart is", () => {
    expect(goalKb('/orgs/[orgId]')).toBe(130);
    expect(goalKb('/consumption')).toBe(200);
  });

  it('names routes as Next does: route groups dropped, dynamic segments kept', () => {
    expect(routeOf('/(portal)/page')).toBe('/');
    expect(routeOf('/(portal)/orgs/[orgId]/page')).toBe('/orgs/[orgId]');
    expect(routeOf('/(auth)/signin/page')).toBe('/signin');
    expect(routeOf('/_not-found/page')).toBe('/_not-found');
  });

  it("sums each page's root files and every segment's entry chunks once, without CSS, polyfills or routes", () => {
    const { dist, wire } = fixture();
    const report = measureBuild(dist);
    expect(report.routes.map((r) => r.route)).toEqual(['/consumption', '/orgs/[orgId]']);

    const orgs = report.routes.find((r) => r.route === '/orgs/[orgId]')!;
    const files = [
      'static/chunks/react.js',
      'static/chunks/router.js',
      'static/chunks/turbopack-rt.js',
      'static/chunks/next-layout.js',
      'static/chunks/portal-layout.js',
      'static/chunks/error.js',
      'static/chunks/orgs-page.js',
    ];
    expect(orgs.files).toEqual(files);
    expect(orgs.wireBytes).toBe(files.reduce((n, f) => n + wire(f), 0));
    expect(orgs.rawBytes).toBe(files.reduce((n, f) => n + readFileSync(join(dist, f)).length, 0));
    expect(orgs.lazyFiles).toEqual([]);

    // The floor: root files and Next's built-in boundary, nothing of the app's layouts.
    expect(report.floor?.files).toEqual(files.slice(0, 4));
    expect(report.floor?.wireBytes).toBe(files.slice(0, 4).reduce((n, f) => n + wire(f), 0));
  });

  it("lists a page's on-demand chunks apart from its first load, never counting a first-load file twice", () => {
    const { dist, wire } = fixture();
    const consumption = measureBuild(dist).routes.find((r) => r.route === '/consumption')!;
    expect(consumption.files).not.toContain('static/chunks/chart.js');
    expect(consumption.lazyFiles).toEqual(['static/chunks/chart.js']);
    expect(consumption.lazyWireBytes).toBe(wire('static/chunks/chart.js'));
  });

  it('fails loudly on a build it cannot read', () => {
    const { dist } = fixture();
    rmSync(join(dist, 'server/app/(portal)/orgs/[orgId]/page_client-reference-manifest.js'));
    expect(() => measureBuild(dist)).toThrow(/page_client-reference-manifest/);
    expect(() => measureBuild(join(dist, 'nowhere'))).toThrow(/build-manifest/);
  });

  it('names a webpack build as such: its manifests do not say which chunks a page loads first', () => {
    const { dist } = fixture();
    // webpack's client-reference manifest: every client module's chunks, no per-segment entryJSFiles.
    write(
      dist,
      'server/app/(portal)/consumption/page_client-reference-manifest.js',
      `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST["/(portal)/consumption/page"] = ${JSON.stringify({ moduleLoading: { prefix: '/_next/' }, clientModules: {}, entryCSSFiles: {} })};\n`,
    );
    expect(() => measureBuild(dist)).toThrow(/has no entryJSFiles for \/\(portal\)\/consumption\/page$/);
    write(dist, 'server/webpack-runtime.js', '');
    expect(() => measureBuild(dist)).toThrow(/a webpack build: this check reads Turbopack builds/);
  });

  it('prints every page against its budget and exits 1 only when one is over', () => {
    const { dist } = fixture();
    writeNextStats(dist);
    const check = () => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-budget.ts', dist], { encoding: 'utf8' });
    const fits = check();
    expect(fits.status, fits.stderr).toBe(0);
    // Issue 12's goal is printed beside the budget, for information: this fixture's pages are far below it.
    expect(fits.stdout).toContain("issue 12's goal (130 kB per page, 200 kB on /consumption): 2 of 2 pages meet it; the framework floor alone is");
    expect(fits.stdout).toMatch(/\/orgs\/\[orgId\]\s+[\d.]+\s+[\d.]+\s+\d+\s+.*✓/);
    expect(fits.stdout).toMatch(/\/consumption .*\+[\d.]+ .*✓/);

    // 40 kB that gzip cannot shrink, on the orgs page: 25 kB over the floor is its allowance.
    write(dist, 'static/chunks/orgs-page.js', randomBytes(30_000).toString('base64'));
    const over = check();
    expect(over.status).toBe(1);
    expect(over.stdout).toMatch(/\/orgs\/\[orgId\] .*✗ over budget/);
    expect(over.stdout).toContain('1 page(s) over budget');
    expect(over.stdout).toContain('2 of 2 pages meet it');
  });

  it("agrees with Next's own per-route lists, and names each route where it does not", () => {
    const { dist } = fixture();
    const report = measureBuild(dist);
    const asNext = writeNextStats(dist);
    expect(crossCheckWithNext(report, dist)).toEqual([]);

    const [first, second] = asNext;
    write(dist, 'diagnostics/route-bundle-stats.json', JSON.stringify([{ ...first!, firstLoadUncompressedJsBytes: 1 }, { ...second!, firstLoadChunkPaths: second!.firstLoadChunkPaths.slice(1) }]));
    expect(crossCheckWithNext(report, dist)).toEqual([`${first!.route}: ${report.routes[0]!.rawBytes} raw bytes here, 1 by Next`, `${second!.route}: first-load files differ from Next's list`]);
    rmSync(join(dist, 'diagnostics'), { recursive: true });
    expect(crossCheckWithNext(report, dist)[0]).toMatch(/route-bundle-stats\.json is missing/);
  });
});
