import { randomBytes } from 'node:crypto';
import { resetEnvCache } from '@/lib/env';

/** Sets a complete, valid portal configuration for in-process tests, pointing at the given Devin API. */
export function setPortalEnv(devin: { url: string; token: string }, overrides: Record<string, string> = {}) {
  Object.assign(process.env, {
    DEVIN_API_URL: devin.url,
    DEVIN_SERVICE_USER_TOKEN: devin.token,
    NEXTAUTH_URL: 'http://localhost:3000',
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    OIDC_ISSUER: 'http://127.0.0.1:1',
    OIDC_CLIENT_ID: 'test',
    OIDC_CLIENT_SECRET: 'test',
    // The emulator's org role ids (lib/access/org-roles.ts decides by id).
    DEVIN_ORG_ADMIN_ROLE_IDS: 'role-org-admin',
    DEVIN_SESSION_ROLE_IDS: 'role-org-admin,role-org-member',
    // Suites start many sessions quickly; the cap itself is tested with a low value of its own.
    SESSION_STARTS_PER_MINUTE: '10000',
    SESSIONS_SERVICE_USER_FALLBACK: 'false',
    ...overrides,
  });
  resetEnvCache();
}
