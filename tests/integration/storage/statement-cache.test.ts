import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { reusingStatements } from '@/lib/storage/db';

const dirs: string[] = [];
function database() {
  const dir = mkdtempSync(join(tmpdir(), 'statement-cache-'));
  dirs.push(dir);
  return new SQLite(join(dir, 'store.db'));
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('reusingStatements', () => {
  it('prepares each SQL text once and evicts the least recently used beyond the limit', () => {
    const db = reusingStatements(database(), 2);
    const a = db.prepare('select 1 as n');
    expect(db.prepare('select 1 as n')).toBe(a);
    const b = db.prepare('select 2 as n');
    db.prepare('select 1 as n'); // a is now the most recently used
    db.prepare('select 3 as n'); // evicts b
    expect(db.prepare('select 1 as n')).toBe(a);
    expect(db.prepare('select 2 as n')).not.toBe(b);
    expect(db.prepare('select 2 as n').get()).toEqual({ n: 2 });
  });

  it('answers Kysely reads, writes and transactions correctly with reused statements, across a schema change', async () => {
    interface Schema {
      items: { id: number; name: string };
    }
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: reusingStatements(database()) }) });
    await db.schema.createTable('items').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').execute();
    for (let id = 1; id <= 5; id++) await db.insertInto('items').values({ id, name: `item ${id}` }).execute();
    const byId = (id: number) => db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst();
    expect(await byId(3)).toEqual({ name: 'item 3' });
    expect(await byId(4)).toEqual({ name: 'item 4' });
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable('items').set({ name: 'renamed' }).where('id', '=', 4).execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await byId(4)).toEqual({ name: 'item 4' });
    await db.transaction().execute((tx) => tx.updateTable('items').set({ name: 'renamed' }).where('id', '=', 4).execute());
    expect(await byId(4)).toEqual({ name: 'renamed' });
    // A statement prepared before a schema change still answers after it (SQLite re-prepares it).
    await db.schema.alterTable('items').addColumn('extra', 'text').execute();
    expect(await byId(3)).toEqual({ name: 'item 3' });
    await db.destroy();
  });
});
