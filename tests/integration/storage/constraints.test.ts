import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';
import { STORE_BACKENDS } from './store-backends';

/*
 * What must hold across instances is enforced by the database: several processes, each a portal instance
 * on the same store, race for one person's org quota, one org name and one exclusive change.
 */

const run = promisify(execFile);
const INSTANCES = 3;

describe.each(STORE_BACKENDS)('rules across instances on $name', (backend) => {
  let url: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (backend.skip) return;
    ({ url, cleanup } = await backend.create());
    setPortalEnv({ url: 'http://127.0.0.1:1', token: 'cog_store_tests_only' }, { DATABASE_URL: url });
    await getDb();
  });

  afterAll(async () => {
    if (backend.skip) return;
    await closeDb();
    await cleanup();
  });

  const instances = (task: string) => {
    const attempts = mkdtempSync(join(tmpdir(), 'portal-attempts-'));
    const env = { ...process.env, DATABASE_URL: url, INSTANCE_TASK: task, INSTANCES: String(INSTANCES), ATTEMPTS_DIR: attempts, MEET_AT: String(Date.now() + 3_000) };
    const one = () =>
      run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/integration/storage/instance.child.ts'], { env, timeout: 30_000 });
    return Promise.all(Array.from({ length: INSTANCES }, one))
      .then((rs) => rs.flatMap((r) => JSON.parse(r.stdout) as unknown[]))
      .finally(() => rmSync(attempts, { recursive: true, force: true }));
  };

  it.skipIf(backend.skip)('files at most the quota of requests for one person, and one open request per name', async () => {
    const outcomes = (await instances('org-requests')) as { inserted: boolean; reason?: string }[];
    expect(outcomes).toHaveLength(INSTANCES * 4);
    expect(outcomes.filter((o) => o.inserted)).toHaveLength(3);
    expect(outcomes.filter((o) => !o.inserted).every((o) => o.reason === 'quota' || o.reason === 'name')).toBe(true);

    const db = await getDb();
    const rows = await db.selectFrom('org_requests').select(['name_key', 'status']).where('requester_sub', '=', 'sub-racer').execute();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.name_key === 'shared name')).toHaveLength(1);
    // Refused submissions left nothing behind, not even their idempotency key.
    const keys = await db.selectFrom('idempotency_keys').select('key').where('actor_sub', '=', 'sub-racer').execute();
    expect(keys).toHaveLength(3);
  }, 60_000);

  it.skipIf(backend.skip)('lets exactly one instance hold a change at a time', async () => {
    const outcomes = await instances('lease');
    expect(outcomes.sort()).toEqual(['busy', 'busy', 'held']);
    const db = await getDb();
    expect(await db.selectFrom('leases').selectAll().execute()).toEqual([]);
  }, 60_000);
});
