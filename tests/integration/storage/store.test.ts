import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalUser } from '@/lib/auth/types';
import { closeDb, getDb } from '@/lib/storage/db';
import { migrationProvider } from '@/lib/storage/migrations';
import { findTrailByTargetIds, listTrail, recordEvent, recordWrite, UNFINISHED } from '@/lib/trail';
import { UpstreamError } from '@/lib/upstream/errors';
import { setPortalEnv } from '../../helpers/portal-env';
import { STORE_BACKENDS } from './store-backends';

const run = promisify(execFile);

const bob: PortalUser = { id: 'sub-bob', email: 'bob@acme.test', name: 'Bob Okafor', role: 'member' };
const alice: PortalUser = { id: 'sub-alice', email: 'alice@acme.test', name: 'Alice Martin', role: 'admin' };

describe.each(STORE_BACKENDS)('portal store on $name', (backend) => {
  let url: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (backend.skip) return;
    ({ url, cleanup } = await backend.create());
    setPortalEnv({ url: 'http://127.0.0.1:1', token: 'cog_store_tests_only' }, { DATABASE_URL: url });
  });

  afterAll(async () => {
    if (backend.skip) return;
    await closeDb();
    await cleanup();
  });

  it.skipIf(backend.skip)('migrates a fresh store when two processes open it at the same moment', async () => {
    const env = { ...process.env, STORE_OPEN_AT: String(Date.now() + 2_500) };
    const child = () =>
      run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/integration/storage/open-store.child.ts'], { env, timeout: 30_000 });
    const results = await Promise.all(Array.from({ length: 4 }, child));
    for (const r of results) expect(JSON.parse(r.stdout)).toEqual({ ok: true, events: 0 });

    const db = await getDb();
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    // Each migration ran exactly once, whichever process got there first.
    const all = Object.keys(await migrationProvider.getMigrations()).sort();
    expect(rows.map((r) => r.name).sort()).toEqual(all);
  });

  // PostgreSQL only: SQLite has no server to close a connection.
  if (backend.name.startsWith('PostgreSQL')) it.skipIf(backend.skip)(
    'outlives the server closing its idle connections (a restart, a failover) and connects afresh',
    async () => {
      const db = await getDb();
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(db))); // several idle connections
      const database = new URL(url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ ended: boolean }>(
          'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        expect(rows.length).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // The pool hears each idle connection end (unheard, that event would end the process) and replaces it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(await getDb());
      expect(rows).toEqual([{ n: 1 }]);
    },
  );

  it.skipIf(backend.skip)('keeps its data and runs no migration twice when reopened', async () => {
    await recordEvent(event({ action: 'test.reopen' }));
    await closeDb();
    const db = await getDb();
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['trail_events', 'trail_targets', 'org_requests', 'idempotency_keys', 'session_submissions', 'sign_in_sessions', 'rate_limit_buckets', 'jobs', 'alerts', 'leases', 'cache_versions']),
    );
    expect((await listTrail({ action: 'test.reopen' })).items).toHaveLength(1);
  });

  it.skipIf(backend.skip)('records a successful write with actor, target ids, and input without secrets', async () => {
    const result = await recordWrite({
      actor: bob,
      action: 'service-user.create',
      orgId: 'org-payments',
      requestId: 'req-1',
      input: {
        name: 'ci-bot',
        token: 'cog_abcdefghijklmnop',
        nested: { password: 'hunter2', apiKeyName: 'deploy', note: 'uses Bearer abc.def and cog_zzzzzzzzzzzz' },
      },
      run: async () => ({ serviceUser: { serviceUserId: 'service-user-42' }, token: 'cog_shown_once_secret' }),
      targets: (r) => ({ serviceUserId: r.serviceUser.serviceUserId }),
    });
    expect(result.token).toBe('cog_shown_once_secret');

    const [stored] = (await listTrail({ action: 'service-user.create' })).items;
    expect(stored).toMatchObject({
      actorSub: 'sub-bob',
      actorEmail: 'bob@acme.test',
      actorName: 'Bob Okafor',
      orgId: 'org-payments',
      outcome: 'ok',
      errorCode: null,
      requestId: 'req-1',
      targetIds: { serviceUserId: 'service-user-42' },
      input: { name: 'ci-bot', token: '[redacted]', nested: { password: '[redacted]', apiKeyName: 'deploy', note: 'uses [redacted] and [redacted]' } },
    });
    expect(Math.abs(stored!.at - Date.now() / 1000)).toBeLessThan(5);
    expect(JSON.stringify(stored)).not.toMatch(/hunter2|cog_abc|cog_zzz|cog_shown/);
  });

  it.skipIf(backend.skip)('records a failed write with the error code and the upstream request id, and rethrows', async () => {
    const failure = new UpstreamError({ status: 429, code: 'rate_limited', message: 'slow down', route: 'POST /v3/enterprise/organizations', requestId: 'up-777', retryAfterSeconds: 3 });
    await expect(
      recordWrite({ actor: alice, action: 'org.create', input: { name: 'Nope' }, requestId: 'req-2', run: () => Promise.reject(failure) }),
    ).rejects.toBe(failure);
    const [stored] = (await listTrail({ action: 'org.create', actorSub: 'sub-alice' })).items;
    expect(stored).toMatchObject({ outcome: 'error', errorCode: 'rate_limited', upstreamRequestId: 'up-777', targetIds: {} });
  });

  it.skipIf(backend.skip)('shows a write as unfinished while the upstream call is in flight', async () => {
    let release!: () => void;
    const pending = recordWrite({
      actor: bob,
      action: 'session.create',
      requestId: 'req-3',
      run: () => new Promise<{ sessionId: string }>((resolve) => (release = () => resolve({ sessionId: 'devin-1' }))),
      targets: (r) => ({ sessionId: r.sessionId }),
    });
    await expect.poll(async () => (await listTrail({ action: 'session.create' })).items[0]?.errorCode).toBe(UNFINISHED);
    release();
    await pending;
    expect((await listTrail({ action: 'session.create' })).items[0]).toMatchObject({ outcome: 'ok', errorCode: null });
  });

  it.skipIf(backend.skip)('finds events by any upstream id they touched', async () => {
    await recordEvent(event({ action: 'org.create', targetIds: { orgId: 'org-join-1' } }));
    await recordEvent(event({ action: 'org.member.add', targetIds: { orgId: 'org-join-1', userId: 'user-9' } }));
    await recordEvent(event({ action: 'org.create', targetIds: { orgId: 'org-other' } }));
    const found = await findTrailByTargetIds(['user-9', 'org-join-1', 'nobody']);
    expect(found.map((e) => e.action).sort()).toEqual(['org.create', 'org.member.add']);
    expect(await findTrailByTargetIds([])).toEqual([]);
  });

  it.skipIf(backend.skip)('pages through the trail with cursors, ties on the same second included, both orders', async () => {
    for (let i = 0; i < 7; i++) await recordEvent(event({ action: 'test.page', at: 1_800_000_000 + Math.floor(i / 3), actorSub: `p-${i}` }));
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await listTrail({ action: 'test.page', first: 3, after });
      seen.push(...page.items.map((e) => e.actorSub));
      after = page.endCursor;
      pages++;
      expect(page.hasNextPage).toBe(after !== null);
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    const ats = (await listTrail({ action: 'test.page', first: 50 })).items.map((e) => e.at);
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    const asc = await listTrail({ action: 'test.page', order: 'asc', first: 2 });
    expect(asc.items.map((e) => e.at)).toEqual([1_800_000_000, 1_800_000_000]);
    const window = await listTrail({ action: 'test.page', timeAfter: 1_800_000_001, timeBefore: 1_800_000_002 });
    expect(window.items).toHaveLength(3);
  });

  it.skipIf(backend.skip)('refuses a cursor it did not give out', async () => {
    await expect(listTrail({ after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'unprocessable_entity', field: 'after' });
  });
});

function event(over: Partial<Parameters<typeof recordEvent>[0]> = {}): Parameters<typeof recordEvent>[0] {
  return {
    actorSub: 'sub-x',
    actorEmail: 'x@acme.test',
    actorName: 'X',
    action: 'test.event',
    orgId: null,
    targetIds: {},
    input: null,
    outcome: 'ok',
    errorCode: null,
    requestId: 'req-x',
    upstreamRequestId: null,
    ...over,
  };
}
