export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** `call(i)` `n` times one after another; each call's time in ms. */
export async function latencies(call: (i: number) => Promise<unknown>, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await timed(() => call(i)));
  return samples;
}

/** `total` calls made by `concurrency` workers (`call(worker)`) as fast as they can; calls per second. */
export async function throughput(call: (worker: number) => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next++ < total) await call(worker);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function printTable(result: BenchResult) {
  console.log(`\n${result.name}`);
  const columns = Object.keys(result.rows[0] ?? {});
  const widths = columns.map((c) => Math.max(c.length, ...result.rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padEnd(widths[i]!)).join('  │ ');
  console.log(line(columns));
  console.log('  ' + widths.map((w) => '─'.repeat(w)).join('──┼─'));
  for (const r of result.rows) console.log(line(columns.map((c) => String(r[c]))));
}
