// Run by store.test.ts in separate processes, to open (and migrate) one store at the same moment.
import { closeDb, getDb } from '@/lib/storage/db';

// Process start-up times differ by far more than a migration takes: meet at an agreed instant.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(process.env.STORE_OPEN_AT) - Date.now())));
const db = await getDb();
const rows = await db.selectFrom('trail_events').select((eb) => eb.fn.countAll<number>().as('n')).execute();
process.stdout.write(JSON.stringify({ ok: true, events: Number(rows[0]?.n ?? -1) }));
await closeDb();
