import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Emulator } from './app';
import type { FailNextRule, FaultConfig } from './faults';
import { resolveOptions, type EmulatorOptions } from './options';
import type { LoggedRequest } from './request-log';

/*
 * The Devin v3 API emulator: the portal's embedded default upstream. Serves
 * the documented routes, each under its documented prefix (/v3 or /v3beta1), with a seeded demo enterprise,
 * plus loopback controls under /_emulator (faults, request log, reset, health).
 */

export type { FailNextRule, FaultConfig, FaultRule } from './faults';
export type { EmulatorOptions, SessionTimeline } from './options';
export type { LoggedRequest } from './request-log';
export { demoOrgId, demoUserId, seededServiceUserId } from './ids';
export { ROLE_IDS } from './seed';

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4010, no trailing slash. */
  url: string;
  /** Seeded credentials: the admin token, a ReadAccountMeta-only one, an admin without ImpersonateOrgSessions, a revoked key. */
  tokens: { admin: string; reader: string; noImpersonate: string; revoked: string };
  /** Replaces the fault rules; requests queued by failNext stay queued. */
  setFaults(config: FaultConfig): void;
  /** No fault rules and nothing queued by failNext: every request is answered normally again. */
  clearFaults(): void;
  /** The next `times` (default 1) matching API requests are answered with `status`. */
  failNext(rule: FailNextRule): void;
  /** The last 10,000 API requests (not /_emulator ones), oldest first; `path` has no query string. */
  requests(): LoggedRequest[];
  clearRequests(): void;
  /** Back to the seeded state, faults cleared. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the emulator on `host` (default 127.0.0.1) and `port` (default 4010; 0 picks a free one). */
export async function startEmulator(options: EmulatorOptions & { port?: number; host?: string } = {}): Promise<RunningEmulator> {
  const { port = 4010, host = '127.0.0.1', ...rest } = options;
  const emulator = new Emulator(resolveOptions(rest));
  const server = createServer((req, res) => void emulator.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${urlHost(host)}:${address.port}`,
    tokens: { ...emulator.tokens },
    setFaults: (config) => emulator.faults.set(config),
    clearFaults: () => emulator.faults.clear(),
    failNext: (rule) => emulator.faults.failNext(rule),
    requests: () => emulator.log.list(),
    clearRequests: () => emulator.log.clear(),
    reset: () => emulator.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

/** A URL host for the bound address: wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
