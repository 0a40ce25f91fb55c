import 'server-only';
import { pruneBuckets } from '@/lib/api/rate-limit';
import { pruneSignIns } from './sign-in-sessions';

const EVERY_MS = 15 * 60_000;
const state = globalThis as typeof globalThis & { __portalAuthPrune?: NodeJS.Timeout };

/** Drops ended sign-in records and idle rate-limit buckets every 15 minutes; one timer per process, never keeping it alive. */
export function startAuthStorePruning(): void {
  if (state.__portalAuthPrune) return;
  const tick = async () => {
    try {
      await Promise.all([pruneSignIns(), pruneBuckets()]);
    } catch (err) {
      console.error(`[auth] pruning ended sign-ins and idle rate-limit buckets failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  state.__portalAuthPrune = setInterval(() => void tick(), EVERY_MS).unref();
}
