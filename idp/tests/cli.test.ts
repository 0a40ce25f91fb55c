import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../../demo/directory';

const TSX = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const SERVER = new URL('../server.ts', import.meta.url).pathname;

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts `npm run idp`'s script and resolves once its banner is printed. */
function startCli(env: Record<string, string | undefined>, args: string[] = ['--port', '0']) {
  const { OIDC_CLIENT_SECRET: _s, OIDC_CLIENT_ID: _i, NEXTAUTH_URL: _n, IDP_PORT: _p, ...inherited } = process.env;
  child = spawn(TSX, [SERVER, ...args], { env: { ...inherited, ...env } });
  const proc = child;
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', () => {
      if (stdout.includes('dave@acme.test')) resolve(stdout);
    });
    void exited.then((code) => reject(new Error(`idp exited with ${code}\n${stdout}\n${stderr}`)));
  });
  ready.catch(() => {}); // awaited by the tests that expect a banner
  return { proc, ready, exited, output: () => stdout };
}

async function tokenEndpointAuth(issuer: string, clientId: string, secret: string) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'bogus', redirect_uri: 'http://x/', code_verifier: 'v'.repeat(43) }),
  });
  // The client is authenticated before the code is looked at.
  return ((await res.json()) as { error: string }).error;
}

// Each test starts the CLI with tsx: give a cold start on a busy CI machine room.
describe('npm run idp (idp/server.ts)', { timeout: 60_000 }, () => {
  it('prints the issuer, the client, a generated secret and the demo accounts; stops cleanly on SIGTERM', async () => {
    const cli = startCli({ NEXTAUTH_URL: 'http://localhost:3999/' });
    const banner = await cli.ready;

    const issuer = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    expect(issuer).toBeDefined();
    expect(banner).toContain('client id:      devin-portal');
    expect(banner).toContain('redirect URI:   http://localhost:3999/api/auth/callback/sso');
    expect(banner).toContain(`password: ${DEMO_PASSWORD}`);
    for (const person of DEMO_PEOPLE.filter((p) => p.featured)) expect(banner).toContain(person.email);
    const secret = /client secret:\s+(\S+)\s+\(generated/.exec(banner)?.[1];
    expect(secret).toMatch(/^[\w-]{32}$/);

    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(doc.issuer).toBe(issuer);
    expect(await tokenEndpointAuth(issuer!, 'devin-portal', secret!)).toBe('invalid_grant');
    expect(await tokenEndpointAuth(issuer!, 'devin-portal', 'wrong')).toBe('invalid_client');

    cli.proc.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM: shutting down the IdP');
    await expect(fetch(`${issuer}/jwks`)).rejects.toThrow();
  });

  it('takes the client from the environment and does not print a configured secret', async () => {
    const cli = startCli({ OIDC_CLIENT_ID: 'my-portal', OIDC_CLIENT_SECRET: 'env-secret-value', IDP_PORT: '0' }, []);
    const banner = await cli.ready;
    const issuer = /listening on (\S+)/.exec(banner)![1]!;

    expect(banner).toContain('client id:      my-portal');
    expect(banner).toContain('(from OIDC_CLIENT_SECRET)');
    expect(banner).not.toContain('env-secret-value');
    expect(banner).toContain('redirect URI:   http://localhost:3000/api/auth/callback/sso');
    expect(await tokenEndpointAuth(issuer, 'my-portal', 'env-secret-value')).toBe('invalid_grant');

    cli.proc.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('refuses a bad port', async () => {
    const cli = startCli({}, ['--port', 'abc']);
    expect(await cli.exited).toBe(2);
  });
});
