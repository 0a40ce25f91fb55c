import 'server-only';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { env } from '@/lib/env';
import { errorFields, log } from '@/lib/observability/logger';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

interface OpenStore {
  url: string;
  dialect: 'sqlite' | 'postgres';
  db: Promise<Db>;
}

// Kept on globalThis so `next dev` reloads reuse one connection pool instead of leaking one per edit.
const holder = globalThis as typeof globalThis & { __portalStore?: OpenStore };

/** The portal store, opened and migrated on first use (SQLite file, or PostgreSQL for a postgres:// URL). */
export function getDb(): Promise<Db> {
  const url = env().DATABASE_URL;
  const open = holder.__portalStore;
  if (open && open.url === url) return open.db;
  if (open) void closeStore(open);
  const dialect = isPostgres(url) ? 'postgres' : 'sqlite';
  const store: OpenStore = { url, dialect, db: openAndMigrate(url, dialect) };
  store.db.catch(() => {
    if (holder.__portalStore === store) holder.__portalStore = undefined;
  });
  holder.__portalStore = store;
  return store.db;
}

/** Which database the store is on: PostgreSQL for several instances, SQLite for one. */
export async function storeDialect(): Promise<'sqlite' | 'postgres'> {
  await getDb();
  return holder.__portalStore!.dialect;
}

/** Closes the store's connections; the next getDb() opens it again. For tests and shutdown. */
export async function closeDb(): Promise<void> {
  const open = holder.__portalStore;
  holder.__portalStore = undefined;
  if (open) await closeStore(open);
}

async function closeStore(store: OpenStore) {
  const db = await store.db.catch(() => null);
  await db?.destroy();
}

function isPostgres(url: string) {
  return /^postgres(ql)?:\/\//i.test(url);
}

async function openAndMigrate(url: string, dialect: 'sqlite' | 'postgres'): Promise<Db> {
  const db = dialect === 'postgres' ? openPostgres(url) : await openSqlite(url);
  try {
    if (dialect === 'sqlite') await migrateSqlite(db);
    else await migrate(db);
    return db;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/** How long opening the store waits for another process that holds the file (starting, migrating). */
const SQLITE_BUSY_WAIT_MS = 10_000;

async function openSqlite(url: string): Promise<Db> {
  const path = resolve(url.replace(/^file:(\/\/)?/, ''));
  mkdirSync(dirname(path), { recursive: true });
  // Another process may hold the write lock for a moment (a second instance migrating): wait rather than fail.
  const database = new SQLite(path, { timeout: SQLITE_BUSY_WAIT_MS });
  try {
    await switchToWal(database);
  } catch (err) {
    database.close();
    throw err;
  }
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
}

/**
 * WAL mode, which lets readers and the writer work side by side. Switching a fresh file into it needs the file to
 * itself, and SQLite answers SQLITE_BUSY at once, without waiting out the busy timeout, while another process opens
 * the same fresh file: two instances started together. So it is tried again for up to `waitMs`.
 */
export async function switchToWal(database: SQLite.Database, waitMs = SQLITE_BUSY_WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      await sleep(Math.min(10 * attempt, 100));
    }
  }
}

/** Prepared statements kept per SQL text (most recently used first out of `max`). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh, and SQLite's prepare (parsing and planning) then costs more than running
 * the query: on every request that is the address and person limits, the sign-in record and a cache version.
 * The store's one connection runs one statement at a time, so a prepared statement can simply be reused.
 */
export function reusingStatements(database: SQLite.Database, max = STATEMENT_CACHE_SIZE): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  database.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) statements.delete(source);
    else {
      statement = prepare(source);
      if (statements.size >= max) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return statement;
  }) as SQLite.Database['prepare'];
  return database;
}

function openPostgres(url: string): Db {
  // COUNT(*) and bigint columns arrive as strings by default; every such value here is a Unix time or a small count.
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, types, max: 10 });
  // An idle connection the server ends (a restart, a failover, an administrator's terminate) is reported on the pool,
  // which drops it and connects afresh on the next query. Unheard, the event would end the whole process.
  pool.on('error', (err) => log('store').warn({ error: errorFields(err) }, 'an idle PostgreSQL connection was closed by the server; the pool replaces it'));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(db: Kysely<Database>) {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw new Error(`The portal store could not be migrated: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Kysely takes no lock on SQLite, so two processes starting together could both run a migration.
 * An IMMEDIATE transaction holds the file's write lock for the whole run; the second process waits
 * (busy timeout), then finds nothing left to do. The dialect has one connection, so all statements share it.
 */
async function migrateSqlite(db: Kysely<Database>) {
  await sql`begin immediate`.execute(db);
  try {
    await migrate(db);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw err;
  }
}
