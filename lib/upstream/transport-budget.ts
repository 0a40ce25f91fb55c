import 'server-only';
import pLimit, { type LimitFunction } from 'p-limit';
import { sleep } from './retry';

/*
 * What every call through one client shares: a budget of concurrent upstream requests, a pause that a 429
 * imposes on everyone (not just the caller that got it), and identical reads, which are made once while in
 * flight and answered again for a moment after. One client per instance, so one budget per instance; the
 * deployment's budget is instances × `maxConcurrent` (see the README).
 */

/** One upstream answer before it is interpreted: shared reads hand the same one to every caller. */
export interface RawAnswer {
  status: number;
  statusText: string;
  text: string;
  requestId: string | null;
  retryAfter: string | null;
  /**
   * No answer at all (status 0). Plain data, not an error object: a shared read may be awaited by code from another
   * bundle, whose error classes differ, so each caller turns this into its own error.
   */
  failure?: { code: 'upstream_timeout' | 'upstream_error'; message: string };
}

export interface BudgetOptions {
  /** Upstream requests in flight at once, across every caller of this client. */
  maxConcurrent: number;
  /** How long a successful read is answered again to an identical read; 0 shares only reads still in flight. */
  shareReadsMs: number;
  now?: () => number;
}

export interface BudgetStats {
  /** Upstream requests actually sent. */
  sent: number;
  /** Reads answered from an identical read in flight or just answered. */
  shared: number;
  /** Times a caller waited because a 429 paused everyone. */
  paused: number;
}

export class UpstreamBudget {
  private readonly limit: LimitFunction;
  private readonly reads = new Map<string, { at: number | null; answer: Promise<RawAnswer> }>();
  private pausedUntil = 0;
  readonly stats: BudgetStats = { sent: 0, shared: 0, paused: 0 };
  private readonly now: () => number;

  constructor(private readonly options: BudgetOptions) {
    if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) throw new RangeError('maxConcurrent must be a positive integer');
    this.limit = pLimit(options.maxConcurrent);
    this.now = options.now ?? Date.now;
  }

  /** Requests waiting for a slot in the budget. */
  get queued(): number {
    return this.limit.pendingCount;
  }

  /**
   * Sends through the budget, after any pause a 429 imposed. Writes are never shared. A `fresh` read joins an identical
   * read still in flight but never takes an answer from the window (for reads whose result the caller caches itself).
   */
  send(method: string, key: string, fetchAnswer: () => Promise<RawAnswer>, signal?: AbortSignal, fresh = false): Promise<RawAnswer> {
    // A write may change what a read answers: nothing read before it is answered again after it.
    if (method !== 'GET') return this.throttled(fetchAnswer, signal).finally(() => this.reads.clear());
    this.evictOld();
    const hit = this.reads.get(key);
    if (hit && !(fresh && hit.at !== null)) {
      this.stats.shared++;
      return abortable(hit.answer, signal);
    }
    const entry = { at: null as number | null, answer: this.throttled(fetchAnswer) };
    this.reads.set(key, entry);
    entry.answer.then(
      (a) => {
        // Only a success is answered again, and only within the window; a failure is shared while in flight, then forgotten.
        if (a.status >= 200 && a.status < 300 && this.options.shareReadsMs > 0) entry.at = this.now();
        else if (this.reads.get(key) === entry) this.reads.delete(key);
      },
      () => this.reads.get(key) === entry && this.reads.delete(key),
    );
    return abortable(entry.answer, signal);
  }

  /** A 429 asks everyone to slow down: no call through this client starts before `ms` from now. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async throttled(fetchAnswer: () => Promise<RawAnswer>, signal?: AbortSignal): Promise<RawAnswer> {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      this.stats.paused++;
      await sleep(wait, signal);
    }
    return this.limit(() => {
      this.stats.sent++;
      return fetchAnswer();
    });
  }

  private evictOld(): void {
    const oldest = this.now() - this.options.shareReadsMs;
    for (const [key, entry] of this.reads) if (entry.at !== null && entry.at < oldest) this.reads.delete(key);
  }
}

/** The shared promise, or the caller's own abort, whichever comes first (the shared request goes on for the others). */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
