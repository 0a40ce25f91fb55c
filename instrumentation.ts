/**
 * Runs once when a Next.js server starts (not during `next build`): turns on tracing when an OTLP endpoint is
 * configured, starts the metrics listener when METRICS_PORT is set, starts this instance's job runner
 * (key revocations after a rotation overlap, alert checks and webhook deliveries; lib/jobs), and prunes ended
 * sign-in records and idle rate-limit buckets (lib/auth/store-pruning.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ opsSettings }, { startTracing }, { log, errorFields }] = await Promise.all([
    import('./lib/observability/settings'),
    import('./lib/observability/tracing'),
    import('./lib/observability/logger'),
  ]);
  try {
    const s = opsSettings();
    startTracing();
    if (s.METRICS_PORT) {
      const { startMetricsServer } = await import('./lib/observability/metrics-server');
      await startMetricsServer(s.METRICS_PORT, s.METRICS_HOST).catch(() => undefined);
    }
  } catch (err) {
    log('startup').error({ error: errorFields(err) }, 'observability could not start; the portal runs without it');
  }
  const { startJobRunner } = await import('./lib/jobs');
  startJobRunner();
  const { startAuthStorePruning } = await import('./lib/auth/store-pruning');
  startAuthStorePruning();
}
