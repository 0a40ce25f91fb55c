/**
 * `npm run idp`: the local IdP on its own.
 *
 *   --port <n>   or IDP_PORT (default 4000)
 *
 * One client, from the environment:
 *   OIDC_CLIENT_ID      default devin-portal
 *   OIDC_CLIENT_SECRET  if unset, a random one is generated and printed
 *   NEXTAUTH_URL        the portal (default http://localhost:3000): redirect URI
 *                       <NEXTAUTH_URL>/api/auth/callback/sso, post-logout <NEXTAUTH_URL>/signin
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, featuredAccounts } from './accounts';
import { startIdp } from './index';

const USAGE = 'Usage: tsx idp/server.ts [--port n]   (env: IDP_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, NEXTAUTH_URL)';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readPort(): number {
  let flag: string | undefined;
  try {
    flag = parseArgs({ options: { port: { type: 'string' } } }).values.port;
  } catch (error) {
    fail((error as Error).message);
  }
  const raw = flag ?? process.env.IDP_PORT ?? '4000';
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) fail(`Invalid port: ${raw}`);
  return port;
}

async function main() {
  const port = readPort();
  const portalUrl = (process.env.NEXTAUTH_URL || 'http://localhost:3000').replace(/\/+$/, '');
  const clientId = process.env.OIDC_CLIENT_ID || 'devin-portal';
  const secretFromEnv = Boolean(process.env.OIDC_CLIENT_SECRET);
  const clientSecret = process.env.OIDC_CLIENT_SECRET || randomBytes(24).toString('base64url');
  const redirectUri = `${portalUrl}/api/auth/callback/sso`;

  const idp = await startIdp({
    port,
    clients: [
      {
        clientId,
        clientSecret,
        redirectUris: [redirectUri],
        postLogoutRedirectUris: [`${portalUrl}/signin`],
        backchannelLogoutUri: `${portalUrl}/api/auth/backchannel-logout`,
      },
    ],
  });

  const accounts = featuredAccounts();
  const width = Math.max(...accounts.map((a) => a.email.length));
  console.log(
    [
      `Local IdP (Acme SSO) listening on ${idp.issuer}`,
      `  discovery:      ${idp.issuer}/.well-known/openid-configuration`,
      `  client id:      ${clientId}`,
      `  client secret:  ${secretFromEnv ? '(from OIDC_CLIENT_SECRET)' : `${clientSecret}   (generated: set OIDC_CLIENT_SECRET to choose it)`}`,
      `  redirect URI:   ${redirectUri}`,
      '',
      `  Demo accounts (password: ${DEMO_PASSWORD}):`,
      ...accounts.map((a) => `    ${a.email.padEnd(width)}  ${a.description}`),
    ].join('\n'),
  );

  const shutdown = (signal: string) => {
    console.log(`\n${signal}: shutting down the IdP`);
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
