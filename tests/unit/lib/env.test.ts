import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from '@/lib/env';

const VALID = {
  DEVIN_SERVICE_USER_TOKEN: 'cog_test_token',
  NEXTAUTH_URL: 'http://localhost:3000',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  OIDC_ISSUER: 'http://127.0.0.1:4000',
  OIDC_CLIENT_ID: 'portal',
  OIDC_CLIENT_SECRET: 'secret',
};

describe('env', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (/^(DEVIN_|NEXTAUTH_|OIDC_|PORTAL_|DATABASE_URL)/.test(key)) delete process.env[key];
    resetEnvCache();
  });
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it('applies defaults and parses lists', () => {
    Object.assign(process.env, VALID, { PORTAL_ADMIN_GROUPS: ' admins , leads ,', PORTAL_BREAK_GLASS_ADMINS: 'Root@Acme.test' });
    const config = env();
    expect(config.DEVIN_API_URL).toBe('https://api.devin.ai');
    expect(config.DEVIN_TIMEOUT_MS).toBe(15_000);
    expect(config.PORTAL_ADMIN_GROUPS).toEqual(['admins', 'leads']);
    expect(config.PORTAL_BREAK_GLASS_ADMINS).toEqual(['root@acme.test']);
    expect(config.DATABASE_URL).toBe('file:./data/portal.db');
  });

  it('strips a trailing slash from the API URL and defaults the admin group', () => {
    Object.assign(process.env, VALID, { DEVIN_API_URL: 'https://api.acme.devinenterprise.com/', PORTAL_ADMIN_GROUPS: '' });
    expect(env().DEVIN_API_URL).toBe('https://api.acme.devinenterprise.com');
    expect(env().PORTAL_ADMIN_GROUPS).toEqual(['portal-admins']);
  });

  it('names every missing or malformed variable in one message', () => {
    Object.assign(process.env, VALID, { DEVIN_SERVICE_USER_TOKEN: 'apk_legacy', NEXTAUTH_SECRET: 'short' });
    delete process.env.OIDC_ISSUER;
    expect(() => env()).toThrowError(/DEVIN_SERVICE_USER_TOKEN must be a v3 service-user token/);
    expect(() => env()).toThrowError(/NEXTAUTH_SECRET must be at least 32 characters/);
    expect(() => env()).toThrowError(/OIDC_ISSUER/);
  });

  it('never echoes a variable value in its error', () => {
    Object.assign(process.env, VALID, { DEVIN_SERVICE_USER_TOKEN: 'not-a-cog-token-SECRET' });
    expect(() => env()).toThrowError(/DEVIN_SERVICE_USER_TOKEN/);
    try {
      env();
    } catch (err) {
      expect(String(err)).not.toContain('SECRET');
    }
  });
});
