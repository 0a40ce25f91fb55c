export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
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
