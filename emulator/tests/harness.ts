import { afterAll, beforeAll, expect } from 'vitest';
import type { z } from 'zod';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../index';
import { problemSchema } from './contract-schemas';

/** A fixed instant (a Monday, 12:00 UTC) so seeded data and lifecycles are reproducible. */
export const T0 = Date.UTC(2026, 5, 15, 12, 0, 0);

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface TestEmulator {
  emu: RunningEmulator;
  /** Moves the emulator's clock. */
  clock: { now: number };
  /** Calls the API; `as` is a seeded token name or a literal token (default: the admin token). */
  call(method: string, path: string, init?: { as?: string; body?: unknown; rawBody?: string }): Promise<Reply>;
}

/** Starts an emulator on a free port with a controllable clock, for the enclosing test file. */
export function setUpEmulator(options: EmulatorOptions = {}): TestEmulator {
  const clock = { now: T0 };
  const harness = {
    clock,
    emu: undefined as unknown as RunningEmulator,
    async call(method: string, path: string, init: { as?: string; body?: unknown; rawBody?: string } = {}): Promise<Reply> {
      const tokens = harness.emu.tokens as Record<string, string>;
      const token = tokens[init.as ?? 'admin'] ?? init.as;
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(init.body);
      }
      const res = await fetch(`${harness.emu.url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
  };
  beforeAll(async () => {
    harness.emu = await startEmulator({ port: 0, adminToken: 'cog_test_admin_token', now: () => clock.now, ...options });
  });
  afterAll(async () => {
    await harness.emu?.close();
  });
  return harness;
}

/** Asserts the status and parses the body with a contract schema. */
export function expectOk<T extends z.ZodType>(reply: Reply, schema: T): z.infer<T> {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.headers.get('content-type')).toBe('application/json');
  return schema.parse(reply.body);
}

/** Asserts a ProblemDetail error with this status, and returns it. */
export function expectProblem(reply: Reply, status: number): z.infer<typeof problemSchema> {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  const problem = problemSchema.parse(reply.body);
  expect(problem.status).toBe(status);
  return problem;
}

/** Follows `end_cursor` to the end, returning every item and how many pages it took. */
export async function walk<T>(h: TestEmulator, path: string, itemSchema: z.ZodType<T>, pageSize: number): Promise<{ items: T[]; pages: number; total: number | null }> {
  const items: T[] = [];
  let after: string | null = null;
  let pages = 0;
  let total: number | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const reply = await h.call('GET', `${path}${sep}first=${pageSize}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const page = reply.body as { items: unknown[]; end_cursor: string | null; has_next_page: boolean; total: number | null };
    items.push(...page.items.map((i) => itemSchema.parse(i)));
    expect(page.has_next_page).toBe(page.end_cursor !== null);
    after = page.end_cursor;
    total = page.total;
    pages++;
  } while (after !== null);
  return { items, pages, total };
}
