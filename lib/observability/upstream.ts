import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { currentRequest } from './context';
import { errorFields, log } from './logger';
import { metrics } from './metrics';
import { SpanKind, SpanStatusCode, tracer } from './tracing';

/** One attempt at a Devin call, as the transport describes it. Carries no secrets. */
export interface UpstreamAttempt {
  /** Method and path template: `GET /v3/organizations/{org_id}/sessions`. */
  route: string;
  /** The X-Request-ID the transport sent upstream. */
  requestId: string;
  /** 0 for the first attempt, n for the n-th retry. */
  retry: number;
}

interface Outcome {
  status?: number;
}

const holder = globalThis as typeof globalThis & { __portalUpstreamOutcome?: AsyncLocalStorage<Outcome> };
const outcomes = (holder.__portalUpstreamOutcome ??= new AsyncLocalStorage<Outcome>());

/**
 * Wraps one attempt at a Devin call: a client span (route template, portal request id, upstream request id,
 * status), a latency observation, error and retry counts, and one log line. The transport calls
 * `noteUpstreamStatus(res.status)` once it has an answer, so a success is logged with its real status.
 */
export function observeUpstreamAttempt<T>(attempt: UpstreamAttempt, run: () => Promise<T>): Promise<T> {
  const space = attempt.route.indexOf(' ');
  const method = attempt.route.slice(0, space);
  const template = attempt.route.slice(space + 1);
  const request = currentRequest();
  const outcome: Outcome = {};
  const started = performance.now();
  if (attempt.retry > 0) metrics().upstreamRetries.inc({ route: attempt.route });
  return tracer().startActiveSpan(
    `devin ${attempt.route}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'http.route': template,
        'devin.request_id': attempt.requestId,
        'http.request.resend_count': attempt.retry,
        ...(request && { 'portal.request_id': request.requestId, 'portal.route': request.route }),
      },
    },
    async (span) => {
      try {
        const value = await outcomes.run(outcome, run);
        finish(outcome.status ?? 200);
        span.setStatus({ code: SpanStatusCode.OK });
        return value;
      } catch (err) {
        const status = outcome.status ?? (typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 0);
        const code = (err as { code?: unknown }).code;
        finish(status, typeof code === 'string' ? code : undefined, err);
        span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
        throw err;
      } finally {
        span.end();
      }

      function finish(status: number, code?: string, err?: unknown) {
        const seconds = (performance.now() - started) / 1000;
        span.setAttribute('http.response.status_code', status);
        metrics().upstreamDuration.observe({ route: attempt.route, status: String(status) }, seconds);
        const kind = status === 429 ? '429' : status >= 500 ? '5xx' : status === 0 && err ? (code === 'upstream_timeout' ? 'timeout' : 'network') : null;
        if (kind) metrics().upstreamErrors.inc({ route: attempt.route, kind });
        const line = { upstream: attempt.route, status, retry: attempt.retry, durationMs: Math.round(seconds * 1000), upstreamRequestId: attempt.requestId };
        if (!err) log('upstream').info(line, 'upstream call');
        else log('upstream').warn({ ...line, code, ...(status === 0 && { error: errorFields(err) }) }, 'upstream call failed');
      }
    },
  );
}

/** Called by the transport with the HTTP status of the answer to the current attempt. */
export function noteUpstreamStatus(status: number): void {
  const outcome = outcomes.getStore();
  if (outcome) outcome.status = status;
}
