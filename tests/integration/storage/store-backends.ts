import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface StoreBackend {
  name: string;
  skip: boolean;
  /** A fresh, empty store for one suite, and how to remove it afterwards. */
  create: () => Promise<{ url: string; cleanup: () => Promise<void> }>;
}

/**
 * The store suites run once per backend: always on a real SQLite file in a temp dir, and on PostgreSQL
 * when TEST_DATABASE_URL points at a server (each suite gets its own throw-away database there).
 */
export const STORE_BACKENDS: StoreBackend[] = [
  {
    name: 'SQLite file',
    skip: false,
    create: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'portal-store-'));
      return { url: `file:${join(dir, 'portal.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PostgreSQL (skipped: set TEST_DATABASE_URL=postgres://… to run)',
    skip: !process.env.TEST_DATABASE_URL,
    create: async () => {
      const admin = new URL(process.env.TEST_DATABASE_URL!);
      const name = `portal_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      await withClient(admin.href, (c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(admin.href);
      url.pathname = `/${name}`;
      return {
        url: url.href,
        cleanup: () => withClient(admin.href, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
      };
    },
  },
];

async function withClient(url: string, fn: (c: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
