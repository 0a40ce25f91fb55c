import { randomBytes } from 'node:crypto';
import { contractCheckFromEnv } from './contract-check';
import type { FaultConfig } from './faults';

export interface SessionTimeline {
  claimedAfterMs: number;
  runningAfterMs: number;
  exitAfterMs: number;
}

export interface EmulatorOptions {
  /** Default 42; everything seeded is deterministic from it. */
  seed?: number;
  /** Default: DEVIN_SERVICE_USER_TOKEN, else a random `cog_…` token. */
  adminToken?: string;
  faults?: FaultConfig;
  /** Additional generated orgs, each with some consumption. */
  extraOrgs?: number;
  /** Additional generated audit entries, spread over the last 90 days. */
  extraAuditEntries?: number;
  /** When a new session is claimed, starts running and finishes, counted from its creation. */
  sessionTimeline?: SessionTimeline;
  /** Millisecond clock (default Date.now), so tests can move time. */
  now?: () => number;
  /**
   * Check every answer (and the portal's requests) against the vendored published contract,
   * turning a breach into a 500 and recording it. Default: on when EMULATOR_CONTRACT=strict.
   */
  contract?: boolean;
}

export interface ResolvedOptions {
  seed: number;
  adminToken: string;
  faults: FaultConfig;
  extraOrgs: number;
  extraAuditEntries: number;
  sessionTimeline: SessionTimeline;
  now: () => number;
  contract: boolean;
}

const DEFAULT_TIMELINE: SessionTimeline = { claimedAfterMs: 2_000, runningAfterMs: 5_000, exitAfterMs: 45_000 };

/** Fills in defaults and rejects options that would make the emulator lie. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const seed = options.seed ?? 42;
  const timeline = options.sessionTimeline ?? DEFAULT_TIMELINE;
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
  const { claimedAfterMs, runningAfterMs, exitAfterMs } = timeline;
  if (!(claimedAfterMs >= 0 && claimedAfterMs <= runningAfterMs && runningAfterMs < exitAfterMs)) {
    throw new RangeError('sessionTimeline needs 0 <= claimedAfterMs <= runningAfterMs < exitAfterMs');
  }
  return {
    seed,
    adminToken: options.adminToken ?? (process.env.DEVIN_SERVICE_USER_TOKEN || `cog_${randomBytes(24).toString('hex')}`),
    faults: options.faults ?? { rules: [] },
    extraOrgs: count(options.extraOrgs, 'extraOrgs'),
    extraAuditEntries: count(options.extraAuditEntries, 'extraAuditEntries'),
    sessionTimeline: timeline,
    now: options.now ?? Date.now,
    contract: options.contract ?? contractCheckFromEnv(),
  };
}

function count(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
