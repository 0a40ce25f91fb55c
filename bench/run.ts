/** `npm run bench`: every benchmark, each printing its figures side by side as a ratio table. */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { printTable, type BenchResult } from './stats';

const BENCHES: { file: string; label: string }[] = [
  { file: './bff-overhead.ts', label: 'BFF overhead' },
  { file: './pages.ts', label: 'page assembly' },
  { file: './runtime.ts', label: 'Node 24 against Node 20' },
  { file: './consumption.ts', label: 'per-org consumption' },
  { file: './audit-export.ts', label: 'audit CSV export' },
];

async function main() {
  const only = process.argv.slice(2);
  if (!existsSync('.next/standalone/server.js')) {
    console.log('Building the portal first (next build)…');
    const build = spawnSync(new URL('../node_modules/.bin/next', import.meta.url).pathname, ['build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(1);
  }
  let failed = false;
  for (const bench of BENCHES) {
    if (only.length && !only.some((name) => bench.file.includes(name))) continue;
    try {
      const mod = (await import(bench.file)) as { run: () => Promise<BenchResult | BenchResult[]> };
      const result = await mod.run();
      for (const table of Array.isArray(result) ? result : [result]) printTable(table);
    } catch (err) {
      failed = true;
      console.error(`\n${bench.label} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
