import { randomUUID } from 'node:crypto';
import type { APIResponse } from '@playwright/test';
import { DEMO_ORGS } from '../../demo/directory';
import { DEMO, expect, signInAs, test } from '../e2e/fixtures';

/*
 * A bounded soak across both instances while Devin misbehaves (the emulator injects 429s with Retry-After
 * and 5xx): mixed reads and session starts for SOAK_SECONDS (default 60). It reports requests, errors and
 * p50/p99, and checks that nothing was lost or written twice: every start answered 201 exists in Devin
 * exactly once, and no start that was refused or failed created one anyway.
 */

const ORIGIN = process.env.E2E_ORIGIN!;
const EMULATOR = process.env.E2E_EMULATOR_URL!;
const TOKEN = process.env.DEVIN_SERVICE_USER_TOKEN!;
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WORKERS = 6;

const emulator = (path: string, init: RequestInit = {}) =>
  fetch(`${EMULATOR}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...init.headers } });

test('a soak across both instances with Devin failing now and then loses nothing and writes nothing twice', async ({ browser }) => {
  test.setTimeout((SECONDS + 120) * 1000);
  const context = await browser.newContext({ baseURL: ORIGIN });
  const page = await context.newPage();
  await signInAs(page, DEMO.lead);
  const api = context.request;
  const orgs = (await (await emulator('/v3/enterprise/organizations?first=200')).json()) as { items: { org_id: string; name: string }[] };
  const payments = orgs.items.find((o) => o.name === DEMO_ORGS.find((d) => d.key === 'payments')!.name)!.org_id;

  await emulator('/_emulator/faults', { method: 'PUT', body: JSON.stringify({ rules: [{ match: '/v3/*', rate429: 0.04, rate5xx: 0.04, retryAfterSeconds: 1 }] }) });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const starts: { prompt: string; status: number }[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const timed = async (send: () => Promise<APIResponse>) => {
    const t0 = performance.now();
    const res = await send();
    latencies.push(performance.now() - t0);
    statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
    return res;
  };

  try {
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let i = 0; Date.now() < deadline; i++) {
          const instance = { 'X-Portal-Instance': String(1 + ((w + i) % 2)), Origin: ORIGIN };
          const pick = i % 10;
          if (pick < 4) await timed(() => api.get('/api/orgs', { headers: instance }));
          else if (pick < 7) await timed(() => api.get(`/api/sessions?org=${payments}`, { headers: instance }));
          else if (pick < 9) await timed(() => api.get('/api/me', { headers: instance }));
          else {
            const prompt = `soak ${randomUUID()}`;
            const res = await timed(() => api.post(`/api/orgs/${payments}/sessions`, { headers: instance, data: { prompt, tags: ['soak'] } }));
            starts.push({ prompt, status: res.status() });
          }
        }
      }),
    );
  } finally {
    await emulator('/_emulator/faults', { method: 'DELETE' });
  }

  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  const errors = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
  const report = `${latencies.length} requests in ${SECONDS} s over 2 instances, ${errors} answered with an error (${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}), p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, ${starts.length} session starts`;
  console.log(`[soak] ${report}`);
  test.info().annotations.push({ type: 'soak', description: report });

  // Nothing lost, nothing twice: Devin's sessions tagged 'soak' are exactly the starts answered 201.
  const inDevin = new Map<string, number>();
  for (let after: string | null = null; ; ) {
    const res = await emulator(`/v3/organizations/${payments}/sessions?first=200&tags=soak${after ? `&after=${after}` : ''}`);
    const page: { items: { title: string | null; session_id: string }[]; end_cursor: string | null; has_next_page: boolean } = await res.json();
    for (const s of page.items) {
      const detail = (await (await emulator(`/v3/organizations/${payments}/sessions/${s.session_id}/messages?first=1`)).json()) as { items: { message: string }[] };
      const prompt = detail.items[0]?.message ?? '';
      inDevin.set(prompt, (inDevin.get(prompt) ?? 0) + 1);
    }
    if (!page.has_next_page) break;
    after = page.end_cursor;
  }
  const created = starts.filter((s) => s.status === 201).map((s) => s.prompt);
  expect(created.length).toBeGreaterThan(0);
  for (const prompt of created) expect(inDevin.get(prompt), prompt).toBe(1);
  for (const [prompt, n] of inDevin) expect(n, `${prompt} written ${n} times`).toBe(1);
  const notCreated = starts.filter((s) => s.status !== 201).map((s) => s.prompt);
  for (const prompt of notCreated) expect(inDevin.has(prompt), `${prompt} was refused yet exists`).toBe(false);
  // Failures Devin injected reach people as clear errors (502, 429), never as a crash or a malformed request.
  expect([...statuses.keys()].filter((s) => s === 500 || s === 400 || s === 404 || s === 405)).toEqual([]);
});
