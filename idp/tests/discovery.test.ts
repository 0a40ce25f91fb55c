import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp } from '../index';
import { CLIENT, startTestIdp, type TestIdp } from './harness';

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

describe('discovery', () => {
  it('publishes an authorization-code-only, PKCE S256 provider with the portal scopes and claims', async () => {
    const res = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;

    expect(doc).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}/auth`,
      token_endpoint: `${idp.issuer}/token`,
      jwks_uri: `${idp.issuer}/jwks`,
      userinfo_endpoint: `${idp.issuer}/me`,
      end_session_endpoint: `${idp.issuer}/session/end`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['openid', 'profile', 'email', 'groups'],
    });
    expect(doc.claims_supported).toEqual(expect.arrayContaining(['sub', 'name', 'email', 'email_verified', 'groups']));
    expect(doc).not.toHaveProperty('registration_endpoint');
    expect(doc).not.toHaveProperty('pushed_authorization_request_endpoint');
  });

  it('publishes one public RSA signing key, without its private parts', async () => {
    const { keys } = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(keys[0]!.kid).toMatch(/^[\w-]{43}$/);
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(secret);
  });
});

describe('the issuer URL itself', () => {
  it('explains what the service is, with the same security headers', async () => {
    const res = await fetch(`${idp.issuer}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('This service signs people in to the Devin Portal');
  });
});

describe('startIdp', () => {
  it('on port 0 listens on a free port named by the issuer, and close() stops it', async () => {
    const other = await startIdp({ port: 0, clients: [CLIENT], log: () => {} });
    expect(other.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(other.issuer).not.toBe(idp.issuer);
    expect((await fetch(`${other.issuer}/jwks`)).status).toBe(200);

    await other.close();
    await other.close(); // idempotent
    await expect(fetch(`${other.issuer}/jwks`)).rejects.toThrow();
  });

  it('generates new keys per start', async () => {
    const other = await startIdp({ port: 0, clients: [CLIENT], log: () => {} });
    try {
      const kid = async (issuer: string) => ((await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys[0]!.kid;
      expect(await kid(other.issuer)).not.toBe(await kid(idp.issuer));
    } finally {
      await other.close();
    }
  });

  it('uses a configured issuer as given', async () => {
    const other = await startIdp({ port: 0, issuer: 'http://localhost:4555/', clients: [CLIENT], log: () => {} });
    try {
      expect(other.issuer).toBe('http://localhost:4555');
    } finally {
      await other.close();
    }
  });

  it('rejects unusable options with a clear error, before listening', async () => {
    await expect(startIdp({ port: 0, clients: [] })).rejects.toThrow('at least one client');
    await expect(startIdp({ port: 0, clients: [{ ...CLIENT, redirectUris: [] }] })).rejects.toThrow('has no redirectUris');
    await expect(startIdp({ port: 0, clients: [{ ...CLIENT, redirectUris: ['/relative'] }] })).rejects.toThrow('not an absolute http(s) URL');
    await expect(startIdp({ port: 0, clients: [{ ...CLIENT, clientSecret: '' }] })).rejects.toThrow('no clientSecret');
    await expect(startIdp({ port: 0, clients: [CLIENT, CLIENT] })).rejects.toThrow('configured twice');
    await expect(startIdp({ port: 0, issuer: 'http://127.0.0.1:4000/idp', clients: [CLIENT] })).rejects.toThrow('issuer must be an http(s) origin');
    await expect(startIdp({ port: 70_000, clients: [CLIENT] })).rejects.toThrow('port must be');
  });

  it('reports a port in use', async () => {
    const port = Number(new URL(idp.issuer).port);
    await expect(startIdp({ port, clients: [CLIENT], log: () => {} })).rejects.toThrow(/EADDRINUSE/);
  });
});
