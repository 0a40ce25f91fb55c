/**
 * The multi-instance test's stack: a fresh PostgreSQL database (from TEST_DATABASE_URL), then the demo with
 * PORTAL_INSTANCES=2 behind its round-robin balancer, the Devin emulator and the local IdP. The database is
 * dropped again when the stack stops.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';

const admin = process.env.TEST_DATABASE_URL;
if (!admin) {
  console.error('The multi-instance stack needs TEST_DATABASE_URL=postgres://… (a server it may create a database on).');
  process.exit(2);
}
const name = process.env.MULTI_DB_NAME ?? `portal_multi_${process.pid}`;
const url = new URL(admin);
url.pathname = `/${name}`;

async function sql(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

await sql(`CREATE DATABASE ${name}`);
const demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--no-build', '--quiet'], {
  stdio: 'inherit',
  env: { ...process.env, PORTAL_INSTANCES: process.env.PORTAL_INSTANCES ?? '2', DEMO_LB_CONTROL: '1', DATABASE_URL: url.href },
});
const stop = () => demo.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
demo.on('exit', (code) => {
  void sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    .catch(() => undefined)
    .finally(() => process.exit(code ?? 0));
});
