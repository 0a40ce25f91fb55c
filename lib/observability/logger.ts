import 'server-only';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from './context';
import { opsSettings } from './settings';

/**
 * Paths the logger censors wherever they appear (pino's own redaction), one and two levels deep.
 * Secrets never belong in a log line; these are the names they would travel under.
 */
const SECRET_KEYS = ['token', 'authorization', 'Authorization', 'cookie', 'secret', 'password', 'clientSecret', 'apiKey', 'DEVIN_SERVICE_USER_TOKEN', 'NEXTAUTH_SECRET', 'OIDC_CLIENT_SECRET', 'ALERT_WEBHOOK_SECRET', 'METRICS_TOKEN'];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'headers["x-portal-signature"]',
];

/**
 * The last line of defence, applied by pino to every serialised line before it is written: a Devin token
 * (`cog_…`) or a bearer credential inside a free-text message or an error is masked too.
 */
export function maskSecrets(line: string): string {
  return line.replace(/cog_[A-Za-z0-9._~+/=-]+/g, 'cog_[redacted]').replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]');
}

export function createLogger(options: { level?: string; pretty?: boolean; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? 'info';
  const base = {
    level,
    base: { service: 'devin-portal' },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: maskSecrets },
    // Every line written while a request is served names that request and its route.
    mixin() {
      const ctx = currentRequest();
      return ctx ? { requestId: ctx.requestId, route: ctx.route, ...(ctx.userId && { userId: ctx.userId }) } : {};
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    try {
      return pino(base, pino.transport({ target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } }));
    } catch {
      // pino-pretty is a dev dependency: without it the demo logs JSON like production.
    }
  }
  // Written off the event loop (sync: false): a line per request must not cost the request a blocking write.
  // pino flushes what is pending when the process exits.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}

const holder = globalThis as typeof globalThis & { __portalLogger?: Logger; __portalComponentLoggers?: Map<string, Logger> };

/** The portal's logger (one per process). JSON by default; LOG_FORMAT=pretty for people reading a terminal. */
export function logger(): Logger {
  if (holder.__portalLogger) return holder.__portalLogger;
  let level = 'info';
  let pretty = false;
  try {
    const s = opsSettings();
    level = s.LOG_LEVEL;
    pretty = s.LOG_FORMAT === 'pretty';
  } catch {
    // A bad LOG_* setting must not take the logger down with it; the settings error surfaces elsewhere.
  }
  holder.__portalLogger = createLogger({ level, pretty });
  return holder.__portalLogger;
}

/** A child logger for one part of the portal: `log('jobs').info(...)`. */
export function log(component: string): Logger {
  const root = logger();
  let children = holder.__portalComponentLoggers;
  if (!children || children.get('') !== root) children = holder.__portalComponentLoggers = new Map([['', root]]);
  let child = children.get(component);
  if (!child) children.set(component, (child = root.child({ component })));
  return child;
}

/** Replaces the process logger (tests capture lines this way). */
export function setLogger(next: Logger | undefined): void {
  holder.__portalLogger = next;
  holder.__portalComponentLoggers = undefined;
}

/** An error as a log field: its message and code, never a request or response object hanging off it. */
export function errorFields(err: unknown): { message: string; code?: string; name?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === 'string' && { code }) };
  }
  return { message: String(err) };
}
