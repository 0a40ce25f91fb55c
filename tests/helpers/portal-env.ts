import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    // Tests change the emulator behind the portal's back and move its clock: reads are shared only while in flight.
    // tests/integration/upstream/budget.test.ts covers the answered-again window.
    DEVIN_SHARE_READS_MS: '0',
    // A store of the test file's own, never the repo's data/ folder.
    DATABASE_URL: `file:${join(tmpdir(), `portal-test-${process.pid}-${randomBytes(4).toString('hex')}`, 'portal.db')}`,
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
