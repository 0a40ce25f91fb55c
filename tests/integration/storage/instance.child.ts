// Run by constraints.test.ts as separate processes: each is one portal instance on the shared store.
import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { insertOrgRequestOnce } from '@/lib/orgs/request-store';
import { closeDb, getDb } from '@/lib/storage/db';
import { withLease } from '@/lib/storage/lease';

const task = process.env.INSTANCE_TASK;
await getDb();
// Process start-up times differ by far more than one insert takes: meet at an agreed instant.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(process.env.MEET_AT) - Date.now())));
const results: unknown[] = [];

if (task === 'org-requests') {
  // Several submissions by one person, each under its own key, all at once; half of them share a name.
  const at = Math.floor(Date.now() / 1000);
  results.push(
    ...(await Promise.all(
      Array.from({ length: 4 }, (_, i) => {
        const id = randomUUID();
        const name = i % 2 === 0 ? 'Shared Name' : `Own ${id.slice(0, 8)}`;
        return insertOrgRequestOnce(
          {
            id,
            requester_sub: 'sub-racer',
            requester_email: 'racer@acme.test',
            requester_name: 'Racer',
            name,
            name_key: name.toLowerCase(),
            max_cycle_acu_limit: 100,
            max_session_acu_limit: 10,
            reason: 'race',
            status: 'pending',
            auto_approved: 0,
            decided_by_sub: null,
            decided_by_email: null,
            decision_reason: null,
            decided_at: null,
            org_id: null,
            member_status: 'pending',
            error_code: null,
            error_message: null,
            attempts: 0,
            claimed_at: null,
            created_at: at,
            updated_at: at,
            expires_at: at + 3600,
          },
          { key: `key-${id}`, actorSub: 'sub-racer', scope: 'org.request', requestHash: 'h' },
          3,
        );
      }),
    )),
  );
} else if (task === 'lease') {
  // Every instance notes its attempt in a shared folder; the holder keeps the hold until all have tried.
  const tried = () => writeFileSync(join(process.env.ATTEMPTS_DIR!, String(process.pid)), '');
  const everyoneTried = async () => {
    for (let i = 0; i < 200 && readdirSync(process.env.ATTEMPTS_DIR!).length < Number(process.env.INSTANCES); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const outcome = await withLease(
    'race:one-change',
    30_000,
    async () => {
      tried();
      await everyoneTried();
      return 'held';
    },
    () => {
      tried();
      throw new Error('busy');
    },
  ).catch((err: Error) => err.message);
  results.push(outcome);
}

process.stdout.write(JSON.stringify(results));
await closeDb();
