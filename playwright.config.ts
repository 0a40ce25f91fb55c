import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';
import { sharedConfig } from './tests/e2e/playwright-base';

// Ports can be moved (E2E_PORT etc.) so two checkouts can run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;
process.env.E2E_ORIGIN = BASE_URL;

// The e2e stack's secrets: fresh per run, shared with the tests through the
// environment so they can prove the token never reaches a browser.
process.env.DEVIN_SERVICE_USER_TOKEN ??= `cog_${randomBytes(24).toString('hex')}`;
process.env.E2E_EMULATOR_URL ??= 'http://127.0.0.1:4110';
process.env.E2E_IDP_URL ??= 'http://127.0.0.1:4100';

export default defineConfig({
  testDir: 'tests/e2e',
  ...sharedConfig(BASE_URL, 60_000),
  webServer: {
    // E2E_DEV=1 runs `next dev` (pages compile on demand), for iterating on one spec without a full build.
    command: `npx tsx scripts/demo.ts ${process.env.E2E_DEV ? '--dev' : '--no-build'} --quiet`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      NEXTAUTH_URL: BASE_URL,
      EMULATOR_PORT: new URL(process.env.E2E_EMULATOR_URL).port,
      IDP_PORT: new URL(process.env.E2E_IDP_URL).port,
      DEVIN_SERVICE_USER_TOKEN: process.env.DEVIN_SERVICE_USER_TOKEN,
      DEMO_SESSION_TIMELINE_MS: '1000,2500,9000',
      DATABASE_URL: 'file:./data/e2e.db',
      // The emulator holds its answers, and the portal's requests, to the vendored published contract.
      EMULATOR_CONTRACT: 'strict',
    },
  },
});
