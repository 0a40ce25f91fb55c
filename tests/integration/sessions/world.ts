import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PEOPLE } from '@/demo/directory';
import { demoOrgId, demoUserId, startEmulator, type RunningEmulator } from '@/emulator';
import { forgetOrgAccess } from '@/lib/access/org-access';
import type { PortalUser } from '@/lib/auth/types';
import { closeDb } from '@/lib/storage/db';
import { setPortalEnv } from '../../helpers/portal-env';

export const TIMELINE = { claimedAfterMs: 2_000, runningAfterMs: 5_000, exitAfterMs: 45_000 };

/**
 * A real emulator on a free port with a clock the test moves, and a portal
 * store in a fresh SQLite file: everything the sessions code talks to, for real.
 */
export interface World {
  emulator: RunningEmulator;
  /** Moves the emulator's clock forward. */
  advance(ms: number): void;
  /** Points the portal at the emulator with one of its seeded tokens (and any further settings). */
  pointAt(name: 'admin' | 'noImpersonate' | 'reader', settings?: Record<string, string>): Promise<void>;
  /** A raw v3 POST with the admin token (seeding a membership, say). */
  devinPost(path: string, body: unknown): Promise<void>;
  /** A raw v3 GET with the admin token, to check what Devin itself recorded. */
  devinGet<T>(path: string): Promise<T>;
  /** Upstream requests since the last clearRequests(), as "METHOD /path". */
  calls(match?: RegExp): string[];
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const adminToken = `cog_${randomBytes(16).toString('hex')}`;
  let nowMs = Date.now();
  const emulator = await startEmulator({ port: 0, adminToken, now: () => nowMs, sessionTimeline: TIMELINE });
  const dir = mkdtempSync(join(tmpdir(), 'portal-sessions-'));
  const pointAt = async (name: 'admin' | 'noImpersonate' | 'reader', settings: Record<string, string> = {}) => {
    setPortalEnv({ url: emulator.url, token: emulator.tokens[name] }, { DATABASE_URL: `file:${join(dir, 'portal.db')}`, ...settings });
    await forgetOrgAccess();
  };
  await pointAt('admin');
  return {
    emulator,
    advance: (ms) => {
      nowMs += ms;
    },
    pointAt,
    devinGet: async <T>(path: string) => {
      const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${adminToken}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    devinPost: async (path, body) => {
      const res = await fetch(`${emulator.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await forgetOrgAccess();
    },
    calls: (match) => emulator.requests().map((r) => `${r.method} ${r.path}`).filter((c) => !match || match.test(c)),
    close: async () => {
      await closeDb();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function person(key: string, role: PortalUser['role'] = 'member'): PortalUser {
  const p = DEMO_PEOPLE.find((x) => x.key === key)!;
  return { id: `sub-${p.key}`, email: p.email, name: p.name, role };
}

export const orgId = (key: string) => demoOrgId(key);
export const devinUserId = (key: string) => demoUserId(key);

/** A prompt no other test sends, so the duplicate guard only ever sees what a test means it to. */
export function uniquePrompt(text = 'Fix the flaky test') {
  return `${text} (${randomBytes(4).toString('hex')})`;
}
