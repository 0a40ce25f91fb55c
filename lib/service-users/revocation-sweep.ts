import 'server-only';
import { revokeDueRotatedKeys } from './service-users';

const EVERY_MS = 60_000;
const FIRST_AFTER_MS = 5_000;

const state = globalThis as typeof globalThis & { __portalKeySweep?: NodeJS.Timeout };

/**
 * Revokes keys whose rotation overlap has ended, once a minute, for as long as the server runs, so an old key
 * stops working on time even when nobody opens the service-users page. One timer per process, whatever
 * hot reloads happen; the timer never keeps the process alive.
 */
export function startKeyRevocationSweep(): void {
  if (state.__portalKeySweep) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { revoked, failed } = await revokeDueRotatedKeys();
      if (revoked.length) console.info(`[service-users] revoked ${revoked.length} key(s) whose rotation overlap ended`);
      if (failed.length) console.error(`[service-users] ${failed.length} overdue key(s) could not be revoked; retrying in ${EVERY_MS / 1000} s`);
    } catch (err) {
      console.error(`[service-users] key revocation sweep failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running = false;
    }
  };
  setTimeout(() => void tick(), FIRST_AFTER_MS).unref();
  state.__portalKeySweep = setInterval(() => void tick(), EVERY_MS).unref();
}
