import { z } from 'zod';
import { randomFor, type Random } from './random';

export interface FaultRule {
  /**
   * Which requests the rule hits: `"[METHOD ]PATH"`, a trailing `*` making PATH a
   * prefix. PATH is the full request path; a rule written for `/v3/…` also hits
   * the same route under `/v3beta1/…` (the emulator serves both alike), while a
   * `/v3beta1/…` rule hits only that prefix. Omitted: every API route.
   */
  match?: string;
  /** Added before answering. */
  latencyMs?: number;
  /** Share (0..1) answered 429 with Retry-After. */
  rate429?: number;
  /** Share (0..1) answered 503. */
  rate5xx?: number;
  /** Default 1. */
  retryAfterSeconds?: number;
}

export interface FaultConfig {
  rules: FaultRule[];
}

export interface FailNextRule {
  match?: string;
  status: number;
  /** Default 1. */
  times?: number;
  retryAfterSeconds?: number;
}

const share = z.number().min(0).max(1);

export const faultConfigSchema = z.object({
  rules: z.array(
    z.object({
      match: z.string().min(1).optional(),
      latencyMs: z.number().int().min(0).max(600_000).optional(),
      rate429: share.optional(),
      rate5xx: share.optional(),
      retryAfterSeconds: z.number().int().min(0).optional(),
    }),
  ),
}) satisfies z.ZodType<FaultConfig>;

export const failNextSchema = z.object({
  match: z.string().min(1).optional(),
  status: z.number().int().min(400).max(599),
  times: z.number().int().min(1).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
}) satisfies z.ZodType<FailNextRule>;

export interface FaultDecision {
  latencyMs: number;
  failure?: { status: number; retryAfterSeconds?: number };
}

/**
 * Decides, per API request, the injected latency and whether to answer with an
 * error instead. Queued fail-next rules come first and are exact; rate rules
 * roll a seeded PRNG, so a run replays identically for the same requests.
 * All matching rules add their latency; the first one whose roll hits answers.
 */
export class FaultInjector {
  private config: FaultConfig = { rules: [] };
  private queue: { rule: FailNextRule; remaining: number }[] = [];
  private rng: Random;

  constructor(private readonly seed: number) {
    this.rng = randomFor(seed, 'faults');
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Replaces the rate rules and restarts their dice, so a scenario replays from its start. */
  set(config: FaultConfig): void {
    this.config = structuredClone(faultConfigSchema.parse(config));
    this.rng = randomFor(this.seed, 'faults');
  }

  failNext(rule: FailNextRule): void {
    const parsed = failNextSchema.parse(rule);
    this.queue.push({ rule: parsed, remaining: parsed.times ?? 1 });
  }

  clear(): void {
    this.set({ rules: [] });
    this.queue = [];
  }

  decide(method: string, path: string): FaultDecision {
    const rules = this.config.rules.filter((r) => matchesRequest(r.match, method, path));
    const latencyMs = rules.reduce((sum, r) => sum + (r.latencyMs ?? 0), 0);

    const queued = this.queue.find((q) => matchesRequest(q.rule.match, method, path));
    if (queued) {
      if (--queued.remaining === 0) this.queue.splice(this.queue.indexOf(queued), 1);
      const { status, retryAfterSeconds } = queued.rule;
      return { latencyMs, failure: { status, retryAfterSeconds: retryAfterSeconds ?? (status === 429 || status === 503 ? 1 : undefined) } };
    }

    for (const rule of rules) {
      const roll = this.rng.next();
      const rate429 = rule.rate429 ?? 0;
      const status = roll < rate429 ? 429 : roll < rate429 + (rule.rate5xx ?? 0) ? 503 : undefined;
      if (status) return { latencyMs, failure: { status, retryAfterSeconds: rule.retryAfterSeconds ?? 1 } };
    }
    return { latencyMs };
  }
}

function matchesRequest(match: string | undefined, method: string, path: string): boolean {
  if (match === undefined) return true;
  const space = match.indexOf(' ');
  const ruleMethod = space === -1 ? undefined : match.slice(0, space).toUpperCase();
  const rulePath = space === -1 ? match : match.slice(space + 1).trim();
  if (ruleMethod !== undefined && ruleMethod !== method.toUpperCase()) return false;
  const alternatives = rulePath.startsWith('/v3/') ? [rulePath, `/v3beta1/${rulePath.slice(4)}`] : [rulePath];
  return alternatives.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
}
