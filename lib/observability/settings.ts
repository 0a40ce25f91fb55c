import 'server-only';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (fallback: number, min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const num = (fallback: number, min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().min(min).max(max).default(fallback));
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const flag = z.preprocess(emptyAsUndefined, z.enum(['0', '1', 'true', 'false']).optional()).transform((v) => v === '1' || v === 'true');

/**
 * Settings of the operating side (logs, metrics, traces, jobs, alerts), validated here so lib/env.ts stays the
 * product's settings. Read lazily and re-read when `resetOpsSettings()` is called (tests).
 */
const schema = z.object({
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  /** `json` (production) or `pretty` (the demo). */
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'pretty']).default('json')),
  /** Bearer token for GET /api/metrics; without it that route answers 404. */
  METRICS_TOKEN: optional(z.string().min(16, { error: 'must be at least 16 characters' })),
  /** A separate listener for Prometheus (no auth: bind it to a private interface). */
  METRICS_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
  METRICS_HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  /** Traces are exported over OTLP/HTTP only when one of these is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.url()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(z.url()),
  OTEL_SERVICE_NAME: z.preprocess(emptyAsUndefined, z.string().default('devin-portal')),
  /** How long /api/health and readiness reuse one upstream probe. */
  HEALTH_PROBE_TTL_MS: int(5_000, 500, 300_000),
  HEALTH_PROBE_TIMEOUT_MS: int(3_000, 100, 30_000),
  JOBS_DISABLED: flag,
  JOBS_POLL_MS: int(5_000, 100, 600_000),
  /** A job still not done this long after its due time is reported (log, admin page, alert). */
  JOBS_OVERDUE_SECONDS: int(600, 1, 7 * 86_400),
  ALERT_WEBHOOK_URL: optional(z.url({ error: 'must be the webhook URL (https://…)' })),
  ALERT_WEBHOOK_SECRET: optional(z.string().min(16, { error: 'must be at least 16 characters' })),
  /** `slack` sends Slack's `{ text, blocks }`; `json` sends the alert as a JSON object. */
  ALERT_WEBHOOK_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'slack']).default('json')),
  ALERT_EVALUATE_SECONDS: int(300, 5, 86_400),
  ALERT_KEY_EXPIRY_DAYS: int(7, 1, 90),
  /** A day is a spike when it is this many times the trailing daily mean (and at least ALERT_SPIKE_MIN_ACU). */
  ALERT_SPIKE_FACTOR: num(3, 1.1, 100),
  ALERT_SPIKE_MIN_ACU: num(50, 0, 1_000_000),
  ALERT_SPIKE_BASELINE_DAYS: int(14, 3, 60),
  /** No forecast alert before this share of the billing cycle has passed (unless the cap is already reached). */
  ALERT_FORECAST_MIN_ELAPSED: num(0.2, 0, 1),
});

export type OpsSettings = z.infer<typeof schema>;

let cached: OpsSettings | undefined;

export function opsSettings(): OpsSettings {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
    throw new Error(`Invalid operations configuration (see .env.example):\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

export function resetOpsSettings() {
  cached = undefined;
}
