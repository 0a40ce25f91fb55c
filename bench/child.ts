/**
 * The parent/child split the store-backed benchmarks share: the emulator runs in
 * the parent, the portal's code in a fresh child process (react-server
 * condition, as under Next) that reports one JSON result line.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { printTable, type BenchResult } from './stats';

const RESULT = 'BENCH_RESULT ';

/** Runs this file's child mode in a fresh Node process and returns the JSON it reports. */
export function runChild<T>(file: string, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', file, '--child'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...env,
        NEXTAUTH_URL: 'http://localhost:3000',
        NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
        OIDC_ISSUER: 'http://127.0.0.1:1',
        OIDC_CLIENT_ID: 'bench',
        OIDC_CLIENT_SECRET: 'bench',
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT.length)) as T);
      else reject(new Error(`benchmark child exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

/** In the child: hands the measured figures to the parent. */
export function reportToParent(result: unknown) {
  console.log(RESULT + JSON.stringify(result));
}

/** When a bench file is run directly: `--child` runs its portal side, otherwise the whole benchmark with its table. */
export async function benchEntry(moduleUrl: string, run: () => Promise<BenchResult>, child: () => Promise<void>) {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  if (process.argv.includes('--child')) {
    await child().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  } else {
    printTable(await run());
  }
}
