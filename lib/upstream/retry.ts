import 'server-only';
import type { UpstreamError } from './errors';

/** `Retry-After` as delta-seconds or an HTTP date, in whole seconds from `nowMs` (never negative); undefined if absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Reads may be retried after 408, 429, any 5xx, and a network failure; a timeout is not retried (it already waited the full timeout). */
export function isRetryable(err: UpstreamError): boolean {
  if (err.status === 0) return err.code === 'upstream_error';
  return err.status === 408 || err.status === 429 || err.status >= 500;
}

/** Exponential backoff with full jitter: uniform in [0, base · 2^retry). `retry` counts from 0. */
export function backoffDelayMs(baseMs: number, retry: number): number {
  return Math.floor(Math.random() * baseMs * 2 ** retry);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
