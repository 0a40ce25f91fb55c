/**
 * Child mode of the request-path benchmarks: writes one sign-in record with the portal's own code into the store
 * named by DATABASE_URL (migrating it on first use) and reports its id.
 */
import { createSignIn } from '../lib/auth/sign-in-sessions';
import { closeDb } from '../lib/storage/db';
import { reportToParent } from './child';

const who = JSON.parse(process.env.BENCH_SIGN_IN!) as { sub: string; email: string; name: string; groups: string[] };
const record = await createSignIn({ ...who, emailVerified: true, idpSid: null }, 3600);
await closeDb();
reportToParent({ sid: record.sid });
