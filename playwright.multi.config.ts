import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';
import { sharedConfig } from './tests/e2e/playwright-base';

/*
 * The multi-instance proof: two production portal instances (standalone servers) on one PostgreSQL store,
 * one emulator and one IdP, behind a round-robin balancer that a test can also steer (X-Portal-Instance).
 * Run by `npm test` after the build when TEST_DATABASE_URL is set (CI starts a PostgreSQL for it).
 */

const PORT = Number(process.env.MULTI_PORT ?? 3600);
const BASE_URL = `http://localhost:${PORT}`;
process.env.E2E_ORIGIN = BASE_URL;
process.env.DEVIN_SERVICE_USER_TOKEN ??= `cog_${randomBytes(24).toString('hex')}`;
process.env.E2E_EMULATOR_URL = `http://127.0.0.1:${PORT + 10}`;
process.env.E2E_IDP_URL = `http://127.0.0.1:${PORT + 11}`;
// The stack's own database on the TEST_DATABASE_URL server, so a test can look into the shared store.
process.env.MULTI_DB_NAME ??= `portal_multi_${Date.now()}`;

export default defineConfig({
  // Files run in name order, one at a time: 03-failover stops instance 1 for good, so it comes last.
  testDir: 'tests/multi-instance',
  ...sharedConfig(BASE_URL, 240_000),
  webServer: {
    command: 'npx tsx scripts/multi-stack.ts',
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      NEXTAUTH_URL: BASE_URL,
      EMULATOR_PORT: String(PORT + 10),
      IDP_PORT: String(PORT + 11),
      DEVIN_SERVICE_USER_TOKEN: process.env.DEVIN_SERVICE_USER_TOKEN,
      DEMO_SESSION_TIMELINE_MS: '1000,2500,60000',
      EMULATOR_CONTRACT: 'strict',
      MULTI_DB_NAME: process.env.MULTI_DB_NAME,
      // Each instance's job runner looks for due work every second (default 5 s), so a take-over shows quickly.
      JOBS_POLL_MS: '1000',
      // The soak measures the instances under Devin's failures, not the per-person limits (the e2e suite covers those).
      RATE_LIMIT_PERSON_PER_MINUTE: '100000',
      RATE_LIMIT_PERSON_BURST: '100000',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
      RATE_LIMIT_ADDRESS_BURST: '1000000',
      SESSION_STARTS_PER_MINUTE: '10000',
    },
  },
});
