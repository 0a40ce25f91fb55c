import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { switchToWal } from '@/lib/storage/db';

/*
 * Opening a fresh store file while another process holds it (two instances started together) makes SQLite refuse the
 * switch to WAL with SQLITE_BUSY. Here the other holder is a second connection on the same real file with an
 * exclusive transaction, and the opener has no busy timeout of its own, so every refusal is immediate, as in the race.
 */
const opened: SQLite.Database[] = [];
const dirs: string[] = [];

function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wal-switch-'));
  dirs.push(dir);
  return join(dir, 'store.db');
}

function connect(path: string): SQLite.Database {
  const db = new SQLite(path, { timeout: 0 });
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('switchToWal', () => {
  it('waits for another holder of the file to let go, then switches the file to WAL', async () => {
    const path = freshFile();
    const holder = connect(path);
    holder.exec('create table t (x)');
    holder.exec('begin exclusive');
    holder.exec('insert into t values (1)');
    const opener = connect(path);
    expect(() => opener.pragma('journal_mode = WAL')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));

    const released = new Promise<void>((done) =>
      setTimeout(() => {
        holder.exec('commit');
        done();
      }, 150),
    );
    const started = Date.now();
    await switchToWal(opener, 5_000);
    await released;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(opener.pragma('journal_mode', { simple: true })).toBe('wal');
    // Nothing the other connection wrote was lost on the way.
    expect(opener.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
  });

  it('gives up with SQLITE_BUSY once the wait is over', async () => {
    const path = freshFile();
    const holder = connect(path);
    holder.exec('create table t (x)');
    holder.exec('begin exclusive');
    const opener = connect(path);
    const started = Date.now();
    await expect(switchToWal(opener, 200)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(holder.pragma('journal_mode', { simple: true })).toBe('delete');
  });

  it('leaves other errors alone', async () => {
    const opener = connect(freshFile());
    opener.close();
    await expect(switchToWal(opener, 1_000)).rejects.toThrow(/not open/);
  });
});
