import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELATIONS, ROUTE_TABLE } from '@/lib/api/route-table';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every route the app serves: "METHOD /api/path" per exported handler of every app/api/**\/route.ts. */
function servedRoutes(): { key: string; file: string; source: string; method: string }[] {
  return walk('app/api')
    .filter((f) => /\/route\.tsx?$/.test(f))
    .flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const path = '/' + relative('app', file).replace(/\/route\.tsx?$/, '');
      return METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b|as ${m}\\b`).test(source)).map((method) => ({
        key: `${method} ${path}`,
        file,
        source,
        method,
      }));
    });
}

describe('the route table', () => {
  const served = servedRoutes();

  it('has a row for every route the app serves (a new route without a row fails here)', () => {
    expect(served.length).toBeGreaterThan(30);
    const missing = served.filter((r) => !(r.key in ROUTE_TABLE)).map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it('has no row for a route that does not exist', () => {
    const keys = new Set(served.map((r) => r.key));
    expect(Object.keys(ROUTE_TABLE).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('wires every non-public route through withPortalRoute with its own row', () => {
    for (const r of served) {
      const rule = ROUTE_TABLE[r.key as keyof typeof ROUTE_TABLE];
      if (rule.relation === 'public') continue;
      // The handler exported under this method names exactly this row.
      const exported = new RegExp(`export const ${r.method} = withPortalRoute\\(\\s*\\{\\s*route: '${r.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`);
      expect(exported.test(r.source), `${r.key} in ${r.file}`).toBe(true);
    }
  });

  it('names a known relation for every row, and keeps public routes to the few that must be', () => {
    for (const [key, rule] of Object.entries(ROUTE_TABLE)) expect(Object.keys(RELATIONS), key).toContain(rule.relation);
    const publicRoutes = Object.entries(ROUTE_TABLE).filter(([, r]) => r.relation === 'public').map(([k]) => k);
    expect(publicRoutes.sort()).toEqual([
      'DELETE /api/[...missing]',
      'GET /api/[...missing]',
      'GET /api/auth/[...nextauth]',
      'GET /api/health',
      'GET /api/health/live',
      'GET /api/health/ready',
      // Public to the wrapper, but answers only with the metrics token (404 when none is set).
      'GET /api/metrics',
      'PATCH /api/[...missing]',
      'POST /api/[...missing]',
      'POST /api/auth/[...nextauth]',
      'POST /api/auth/backchannel-logout',
      'PUT /api/[...missing]',
    ]);
  });
});
