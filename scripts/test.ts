/**
 * `npm test`: every check, in order — typecheck, lint, unit + integration
 * (vitest), production build, bundle budget, end-to-end in real Chromium (Playwright) — and
 * one closing line `N passed, N failed` counting tests (and the two checks).
 * Each step runs even if an earlier one failed, so one run shows everything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = '.reports';
const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  skipped?: number;
  /** Passed only on a retry: counted as failed, and named. */
  flaky?: number;
  note?: string;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${[cmd.replace(/.*node_modules\/\.bin\//, ''), ...args].join(' ')}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  return res.status === 0;
}

function check(name: string, ok: boolean): StepResult {
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function ensureChromium(): string | null {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('\nNo Chromium found: installing Debian\'s chromium (apt-get install -y chromium)…');
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
    return findChromium();
  }
  console.error(
    '\nNo Chromium found for the end-to-end tests. Install it, then run npm test again:\n' +
      '  sudo apt-get update && sudo apt-get install -y chromium\n' +
      'or point CHROMIUM_PATH at an existing Chromium binary.',
  );
  return null;
}

function vitestStep(): StepResult {
  const out = `${REPORTS}/vitest.json`;
  rmSync(out, { force: true });
  run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!existsSync(out)) return { name: 'unit + integration', passed: 0, failed: 1, note: 'vitest wrote no report' };
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { status: string; assertionResults: { status: string }[] }[];
  };
  // A file that fails to load, or whose hooks fail (its tests then read as skipped), has no failed test yet fails the run.
  const failedSuites = report.testResults.filter((r) => r.status === 'failed' && !r.assertionResults.some((a) => a.status === 'failed')).length;
  return {
    name: 'unit + integration',
    passed: report.numPassedTests,
    failed: report.numFailedTests + failedSuites,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightStep(chromium: string): StepResult {
  const out = `${REPORTS}/playwright.json`;
  rmSync(out, { force: true });
  // A fresh store per run: the emulator restarts from its seed, so old trail rows could name reused ids.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`data/e2e.db${suffix}`, { force: true });
  run(bin('playwright'), ['test'], { CI: process.env.CI ?? '1', CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (!existsSync(out)) return { name: 'end-to-end', passed: 0, failed: 1, note: 'Playwright wrote no report' };
  const stats = (JSON.parse(readFileSync(out, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
  // A flaky test (passed only on a retry) counts as failed.
  return { name: 'end-to-end', passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped, flaky: stats.flaky };
}

/** Two production instances on one PostgreSQL store (playwright.multi.config.ts); needs TEST_DATABASE_URL. */
function multiInstanceStep(chromium: string): StepResult {
  if (!process.env.TEST_DATABASE_URL) {
    return { name: 'multi-instance', passed: 0, failed: 0, skipped: 1, note: 'skipped: set TEST_DATABASE_URL=postgres://… to run (CI does)' };
  }
  const out = `${REPORTS}/playwright-multi.json`;
  rmSync(out, { force: true });
  run(bin('playwright'), ['test', '-c', 'playwright.multi.config.ts'], { CI: process.env.CI ?? '1', CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (!existsSync(out)) return { name: 'multi-instance', passed: 0, failed: 1, note: 'Playwright wrote no report' };
  const stats = (JSON.parse(readFileSync(out, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
  return { name: 'multi-instance', passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped, flaky: stats.flaky };
}

function main() {
  mkdirSync(REPORTS, { recursive: true });
  const results: StepResult[] = [];
  results.push(check('typecheck', run(bin('tsc'), ['--noEmit'])));
  results.push(check('lint', run(bin('eslint'), ['--max-warnings=0', '.'])));
  results.push(vitestStep());
  const built = run(bin('next'), ['build']);
  results.push(check('build', built));
  // Each page's first-load JS against its budget (npm run bundle:check), read from the build just made.
  if (built) results.push(check('bundle budget', run(bin('tsx'), ['scripts/bundle-budget.ts'])));
  else results.push({ name: 'bundle budget', passed: 0, failed: 1, note: 'skipped: the build failed' });
  const chromium = ensureChromium();
  if (!chromium) results.push({ name: 'end-to-end', passed: 0, failed: 1, note: 'no Chromium' });
  else if (!built) results.push({ name: 'end-to-end', passed: 0, failed: 1, note: 'skipped: the build failed' });
  else {
    results.push(playwrightStep(chromium));
    results.push(multiInstanceStep(chromium));
  }

  console.log('\nSummary');
  for (const r of results) {
    const extra = [r.skipped ? `${r.skipped} skipped` : '', r.flaky ? `${r.flaky} flaky, counted as failed` : '', r.note ?? ''].filter(Boolean).join(', ');
    console.log(`  ${r.failed ? '✗' : '✓'} ${r.name.padEnd(20)} ${r.passed} passed, ${r.failed} failed${extra ? ` (${extra})` : ''}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + (r.skipped ?? 0), 0);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed ? 1 : 0);
}

main();
