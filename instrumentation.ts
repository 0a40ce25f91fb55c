/**
 * Runs once when a Next.js server starts. Starts the portal's background jobs: revoking API keys whose
 * rotation overlap has ended (see lib/service-users/revocation-sweep.ts), and pruning ended sign-in records
 * and idle rate-limit buckets (lib/auth/store-pruning.ts). Not during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startKeyRevocationSweep } = await import('./lib/service-users/revocation-sweep');
  startKeyRevocationSweep();
  const { startAuthStorePruning } = await import('./lib/auth/store-pruning');
  startAuthStorePruning();
}
