import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

function run(args: string[], env: Record<string, string | undefined> = {}): ChildProcess & { output: () => string } {
  const child = spawn(tsx, ['emulator/server.ts', ...args], { cwd: root, env: { ...process.env, DEVIN_SERVICE_USER_TOKEN: '', ...env } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

async function waitForUrl(child: ReturnType<typeof run>): Promise<string> {
  // A cold tsx start on a slow, busy CI machine can take many seconds.
  for (let i = 0; i < 600; i++) {
    const match = /listening on (http:\/\/\S+)/.exec(child.output());
    if (match) return match[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`emulator did not start:\n${child.output()}`);
}

describe('npm run emulator (emulator/server.ts)', { timeout: 60_000 }, () => {
  it('prints its URL and tokens, applies fault flags, and exits cleanly on SIGTERM', async () => {
    const child = run(['--port', '0', '--seed', '3', '--rate-5xx', '1']);
    const url = await waitForUrl(child);
    const out = child.output();
    const admin = /admin token:\s+(cog_\w+)/.exec(out)?.[1];
    expect(admin).toBeDefined();
    expect(out).toMatch(/reader token:\s+cog_\w+/);
    expect(out).toMatch(/revoked token:\s+cog_\w+/);
    expect((await fetch(`${url}/_emulator/health`)).status).toBe(200);
    expect((await fetch(`${url}/v3/self`, { headers: { Authorization: `Bearer ${admin}` } })).status).toBe(503);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('does not print an admin token that came from the environment', async () => {
    const child = run(['--port', '0'], { DEVIN_SERVICE_USER_TOKEN: 'cog_secret_from_env' });
    const url = await waitForUrl(child);
    expect(child.output()).not.toContain('cog_secret_from_env');
    expect((await fetch(`${url}/v3/self`, { headers: { Authorization: 'Bearer cog_secret_from_env' } })).status).toBe(200);
    child.kill('SIGINT');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it('rejects a bad flag with a usage line and exit code 2', async () => {
    const child = run(['--rate-429', '1.5']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(child.output()).toMatch(/Invalid --rate-429[\s\S]*Usage:/);
  });
});
