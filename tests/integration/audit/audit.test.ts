import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, ROLE_IDS, startEmulator, type RunningEmulator } from '@/emulator';
import type * as AuditLog from '@/lib/audit/audit-log';
import type * as AuditExport from '@/lib/audit/export';
import { DAY_SECONDS, MAX_WINDOW_SECONDS, splitWindows, type AuditRange } from '@/lib/audit/schemas';
import type { PortalUser } from '@/lib/auth/types';
import type * as ServiceUsers from '@/lib/service-users/service-users';
import type * as Storage from '@/lib/storage/db';
import type * as Trail from '@/lib/trail';
import { setPortalEnv } from '../../helpers/portal-env';
import { parseCsv } from './csv-parse';

const EXTRA_AUDIT = 2_500;

let emulator: RunningEmulator;
let token: string;
let dir: string;
let audit: typeof AuditLog;
let exporter: typeof AuditExport;
let su: typeof ServiceUsers;
let trail: typeof Trail;
let storage: typeof Storage;

function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: `sub-${p.key}`, email: p.email, name: p.name, role };
}
const alice = person('alice', 'admin');
const bob = person('bob');
const carol = person('carol');
const now = () => Math.floor(Date.now() / 1000);
const lastYear = (): AuditRange => ({ timeAfter: now() - 365 * DAY_SECONDS, timeBefore: now() + 1 });

interface WireEntry {
  audit_log_id: string;
  created_at: number;
}

/** Every entry Devin has in a window, straight from the emulator. */
async function upstreamIds(range: AuditRange, order: 'asc' | 'desc', orgId?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const w of splitWindows(range, order)) {
    let after: string | null = null;
    do {
      const q = new URLSearchParams({ time_after: String(w.timeAfter), time_before: String(w.timeBefore), order, first: '200', ...(after && { after }) });
      const base = orgId ? `/v3/enterprise/organizations/${orgId}/audit-logs` : '/v3/enterprise/audit-logs';
      const res = await fetch(`${emulator.url}${base}?${q}`, { headers: { Authorization: `Bearer ${token}` } });
      const page = (await res.json()) as { items: WireEntry[]; end_cursor: string | null; has_next_page: boolean };
      ids.push(...page.items.map((e) => e.audit_log_id));
      after = page.has_next_page ? page.end_cursor : null;
    } while (after);
  }
  return ids;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeAll(async () => {
  token = `cog_${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ port: 0, adminToken: token, extraAuditEntries: EXTRA_AUDIT });
  dir = mkdtempSync(join(tmpdir(), 'portal-audit-'));
  setPortalEnv({ url: emulator.url, token }, { DATABASE_URL: `file:${join(dir, 'portal.db')}` });
  [audit, exporter, su, trail, storage] = await Promise.all([
    import('@/lib/audit/audit-log'),
    import('@/lib/audit/export'),
    import('@/lib/service-users/service-users'),
    import('@/lib/trail'),
    import('@/lib/storage/db'),
  ]);
});

afterAll(async () => {
  await storage?.closeDb();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('100-day windows', () => {
  it('splits a long range into contiguous windows Devin accepts, newest first for desc', () => {
    const range = { timeAfter: 0, timeBefore: 250 * DAY_SECONDS };
    const desc = splitWindows(range, 'desc');
    expect(desc).toEqual([
      { timeAfter: 200 * DAY_SECONDS, timeBefore: 250 * DAY_SECONDS },
      { timeAfter: 100 * DAY_SECONDS, timeBefore: 200 * DAY_SECONDS },
      { timeAfter: 0, timeBefore: 100 * DAY_SECONDS },
    ]);
    expect(splitWindows(range, 'asc')).toEqual([...desc].reverse());
    expect(desc.every((w) => w.timeBefore - w.timeAfter <= MAX_WINDOW_SECONDS)).toBe(true);
    expect(splitWindows({ timeAfter: 0, timeBefore: 5 }, 'desc')).toEqual([{ timeAfter: 0, timeBefore: 5 }]);
  });
});

describe('Devin audit log viewer (real emulator)', () => {
  it('pages through a year, across windows, exactly as Devin holds it', async () => {
    const range = lastYear();
    for (const order of ['desc', 'asc'] as const) {
      const seen: string[] = [];
      const times: number[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await audit.listDevinAuditPage({ range, order, first: 200, after });
        seen.push(...page.items.map((e) => e.id));
        times.push(...page.items.map((e) => e.at));
        after = page.endCursor ?? undefined;
        pages++;
      } while (after);
      expect(seen).toEqual(await upstreamIds(range, order));
      expect(seen.length).toBeGreaterThan(EXTRA_AUDIT);
      expect(new Set(seen).size).toBe(seen.length);
      expect(times).toEqual([...times].sort((a, b) => (order === 'desc' ? b - a : a - b)));
      expect(pages).toBeGreaterThan(EXTRA_AUDIT / 200);
    }
  });

  it('keeps a page’s range while paging, and refuses a cursor from another order', async () => {
    const first = await audit.listDevinAuditPage({ range: lastYear(), order: 'desc', first: 50 });
    const shifted = { timeAfter: now() - 10 * DAY_SECONDS, timeBefore: now() };
    const second = await audit.listDevinAuditPage({ range: shifted, order: 'desc', first: 50, after: first.endCursor! });
    expect(second.items[0]!.at).toBeLessThanOrEqual(first.items.at(-1)!.at);
    await expect(audit.listDevinAuditPage({ range: lastYear(), order: 'asc', first: 50, after: first.endCursor! })).rejects.toMatchObject({
      code: 'unprocessable_entity',
      field: 'after',
    });
    await expect(audit.listDevinAuditPage({ range: lastYear(), order: 'desc', first: 50, after: 'bm9wZQ' })).rejects.toMatchObject({ field: 'after' });
  });

  it('gives Devin’s grand total for a range read in one window, and none for one read in several', async () => {
    const ninety = { timeAfter: now() - 90 * DAY_SECONDS, timeBefore: now() };
    const first = await audit.listDevinAuditPage({ range: ninety, order: 'desc', first: 50 });
    const all = await upstreamIds(ninety, 'desc');
    expect(first.total).toBe(all.length);
    const second = await audit.listDevinAuditPage({ range: ninety, order: 'desc', first: 50, after: first.endCursor! });
    expect(second.total).toBe(all.length);
    expect((await audit.listDevinAuditPage({ range: lastYear(), order: 'desc', first: 50 })).total).toBeNull();
  });

  it('filters by org and action', async () => {
    const payments = demoOrgId('payments');
    const page = await audit.listDevinAuditPage({ orgId: payments, range: lastYear(), order: 'desc', action: 'add_member', first: 200 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.orgId === payments && e.action === 'add_member')).toBe(true);
    expect(page.items.map((e) => e.id)).toEqual((await upstreamIds(lastYear(), 'desc', payments)).filter((id) => page.items.some((e) => e.id === id)));
  });

  it('names the person behind an entry the portal wrote, and no one for entries it did not', async () => {
    const created = await su.createOrgServiceUser(
      demoOrgId('payments'),
      { name: `audit-${randomBytes(3).toString('hex')}`, roleId: ROLE_IDS.orgViewer, lifetime: '30d' },
      [{ roleId: ROLE_IDS.orgViewer, roleName: 'Org Viewer' }],
      { user: bob, requestId: 'req-audit-join' },
    );
    const page = await audit.listDevinAuditPage({ range: lastYear(), order: 'desc', action: 'create_service_user', first: 200 });
    const mine = page.items.find((e) => e.data.service_user_id === created.serviceUser.serviceUserId)!;
    expect(mine).toMatchObject({ serviceUserName: 'Portal Service', portalPerson: { name: bob.name, email: bob.email, action: 'service-user.create' } });
    // Seeded history was written by the portal's service user before the portal's trail existed.
    expect(page.items.filter((e) => e.id !== mine.id).every((e) => e.portalPerson === null)).toBe(true);
  });
});

describe('portal trail', () => {
  it('shows members only their own actions', async () => {
    const own = await audit.listTrailPage({ actorSub: carol.id, range: lastYear(), order: 'desc', first: 200 });
    expect(own.items).toEqual([]);
    expect(own.total).toBe(0);
    const bobs = await audit.listTrailPage({ actorSub: bob.id, range: lastYear(), order: 'desc', first: 200 });
    expect(bobs.items.length).toBeGreaterThan(0);
    // The grand total is counted in the store, whatever the page size.
    const onePage = await audit.listTrailPage({ actorSub: bob.id, range: lastYear(), order: 'desc', first: 1 });
    expect(onePage.items).toHaveLength(1);
    expect(onePage.total).toBe(bobs.items.length);
    expect(bobs.items.every((e) => e.actorEmail === bob.email)).toBe(true);
  });
});

describe('CSV export', () => {
  it('streams the whole range as valid CSV, page by page, and records the export', async () => {
    const range = lastYear();
    const { body, filename } = await exporter.startAuditExport(
      { source: 'devin', filters: { range, order: 'asc' } },
      { user: alice, requestId: 'req-export-1' },
    );
    expect(filename).toMatch(/^devin-audit-log-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(await readAll(body));
    const [header, ...data] = rows;
    expect(header).toEqual(expect.arrayContaining(['created_at_utc', 'action', 'portal_person_email', 'data_json']));
    expect(data.map((r) => r[header!.indexOf('audit_log_id')])).toEqual(await upstreamIds(range, 'asc'));
    const withData = data.find((r) => r[header!.indexOf('data_json')]!.includes('"'))!;
    expect(() => JSON.parse(withData[header!.indexOf('data_json')]!) as unknown).not.toThrow();

    const [event] = (await trail.listTrail({ action: 'audit.export', actorSub: alice.id })).items;
    expect(event).toMatchObject({ outcome: 'ok', requestId: 'req-export-1', input: { source: 'devin', scope: 'all', order: 'asc' } });
  });

  it('exports a member’s own trail only', async () => {
    const { body } = await exporter.startAuditExport(
      { source: 'trail', filters: { range: lastYear(), order: 'desc' }, actorSub: bob.id },
      { user: bob, requestId: 'req-export-2' },
    );
    const [header, ...data] = parseCsv(await readAll(body));
    expect(data.length).toBeGreaterThan(0);
    expect(new Set(data.map((r) => r[header!.indexOf('person_email')]))).toEqual(new Set([bob.email]));
  });

  it('fails loudly, never with a silently short file, when Devin stops answering part-way, and records that', async () => {
    const { body } = await exporter.startAuditExport(
      { source: 'devin', filters: { range: lastYear(), order: 'desc' } },
      { user: alice, requestId: 'req-export-3' },
    );
    emulator.failNext({ match: 'GET /v3/enterprise/audit-logs', status: 403 });
    await expect(readAll(body)).rejects.toMatchObject({ code: 'forbidden' });
    const events = (await trail.listTrail({ action: 'audit.export', actorSub: alice.id })).items.filter((e) => e.requestId === 'req-export-3');
    expect(events.map((e) => e.outcome).sort()).toEqual(['error', 'ok']);
    expect(events.find((e) => e.outcome === 'error')!.input).toMatchObject({ stoppedAfterRows: 200 });
  });

  it('answers a refusal on the first page as an error, recorded too', async () => {
    emulator.failNext({ match: 'GET /v3/enterprise/audit-logs', status: 403 });
    await expect(
      exporter.startAuditExport({ source: 'devin', filters: { range: lastYear(), order: 'desc' } }, { user: alice, requestId: 'req-export-4' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const events = (await trail.listTrail({ action: 'audit.export', actorSub: alice.id })).items.filter((e) => e.requestId === 'req-export-4');
    expect(events).toEqual([expect.objectContaining({ outcome: 'error', errorCode: 'upstream_error' })]);
  });
});
