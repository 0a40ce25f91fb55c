import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` throws outside a React Server environment; tests run plain Node.
    alias: { 'server-only': new URL('./tests/setup/server-only.ts', import.meta.url).pathname },
  },
  test: {
    include: ['tests/**/*.test.ts', 'emulator/tests/**/*.test.ts', 'idp/tests/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/setup/contract.ts'],
    // The portal's JSON logs would drown the test output; a test that reads log lines makes its own logger.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
