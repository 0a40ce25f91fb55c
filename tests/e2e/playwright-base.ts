import type { PlaywrightTestConfig } from '@playwright/test';

/**
 * What both Playwright stacks (tests/e2e and tests/multi-instance) share: one worker, no retries (a test that
 * passes only on a second try is a failing test), the JSON report `npm test` counts, and Debian's Chromium run
 * headless with its background networking off (this machine's network is closed).
 */
export function sharedConfig(baseURL: string, timeout: number): PlaywrightTestConfig {
  return {
    fullyParallel: false,
    workers: 1,
    retries: 0,
    timeout,
    expect: { timeout: 15_000 },
    reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
    use: {
      baseURL,
      browserName: 'chromium',
      trace: 'retain-on-failure',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    },
  };
}
