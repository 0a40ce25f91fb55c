/**
 * The audit CSV export of 100,000 entries: rows per second, and the portal process's memory while it streams
 * (sampled every 10 ms and at every chunk), to show that memory stays flat however long the export is.
 *
 * The emulator (holding the 100,000 entries) runs in this process; the portal's export code runs in a child
 * process with the react-server condition, as under Next, so its memory figures are the portal's alone.
 *
 *   npx tsx bench/audit-export.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator';
import { benchEntry, reportToParent, runChild } from './child';
import type { BenchResult } from './stats';

const ENTRIES = 100_000;
const MB = 1024 * 1024;

interface ChildResult {
  rows: number;
  bytes: number;
  seconds: number;
  firstByteMs: number;
  baseline: { rss: number; heap: number };
  peak: { rss: number; heap: number };
  /** Heap in use after the first tenth of the rows and at the end: equal-ish when the stream is flat. */
  heapAtTenth: number;
  heapAtEnd: number;
}

export async function run(): Promise<BenchResult> {
  const token = `cog_${randomBytes(24).toString('hex')}`;
  const emulator = await startEmulator({ port: 0, adminToken: token, extraAuditEntries: ENTRIES });
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-audit-'));
  try {
    const r = await runChild<ChildResult>(fileURLToPath(import.meta.url), {
      DEVIN_API_URL: emulator.url,
      DEVIN_SERVICE_USER_TOKEN: token,
      DATABASE_URL: `file:${join(dir, 'portal.db')}`,
    });
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    return {
      name: `Audit CSV export: ${ENTRIES.toLocaleString('en-US')} generated entries (+ seeded history), one year in 100-day windows, 200 per upstream page`,
      rows: [
        { metric: 'rows exported', value: r.rows.toLocaleString('en-US') },
        { metric: 'CSV size', value: mb(r.bytes) },
        { metric: 'time to first byte', value: `${r.firstByteMs.toFixed(0)} ms` },
        { metric: 'total time', value: `${r.seconds.toFixed(2)} s` },
        { metric: 'throughput', value: `${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s` },
        { metric: 'RSS before → peak', value: `${mb(r.baseline.rss)} → ${mb(r.peak.rss)} (+${mb(r.peak.rss - r.baseline.rss)})` },
        { metric: 'heap before → peak', value: `${mb(r.baseline.heap)} → ${mb(r.peak.heap)} (+${mb(r.peak.heap - r.baseline.heap)})` },
        { metric: 'heap after 10% → at end', value: `${mb(r.heapAtTenth)} → ${mb(r.heapAtEnd)}` },
      ],
    };
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The portal side: streams the export to nowhere, counting rows and watching memory. */
async function child() {
  const { startAuditExport } = await import('../lib/audit/export');
  const { closeDb } = await import('../lib/storage/db');
  const admin = { id: 'bench-admin', email: 'alice@acme.test', name: 'Bench Admin', role: 'admin' as const };
  const now = Math.floor(Date.now() / 1000);
  const range = { timeAfter: now - 365 * 86_400, timeBefore: now + 1 };

  const baselineUsage = process.memoryUsage();
  const peak = { rss: baselineUsage.rss, heap: baselineUsage.heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    return m;
  };
  const sampler = setInterval(sample, 10);

  const started = performance.now();
  const { body } = await startAuditExport({ source: 'devin', filters: { range, order: 'desc' } }, { user: admin, requestId: 'bench-export' });
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  let heapAtTenth = 0;
  for await (const chunk of body) {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
    const m = sample();
    if (!heapAtTenth && lines >= ENTRIES / 10) heapAtTenth = m.heapUsed;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result: ChildResult = {
    rows: lines - 1,
    bytes,
    seconds,
    firstByteMs,
    baseline: { rss: baselineUsage.rss, heap: baselineUsage.heapUsed },
    peak,
    heapAtTenth,
    heapAtEnd: process.memoryUsage().heapUsed,
  };
  await closeDb();
  reportToParent(result);
}

await benchEntry(import.meta.url, run, child);
