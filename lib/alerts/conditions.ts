import type { TimeRange } from '@/lib/consumption/range';

/*
 * The alert conditions as pure functions of figures already fetched, so their thresholds are unit-tested.
 */

const DAY = 86_400;

export interface SpikeSettings {
  factor: number;
  minAcus: number;
  baselineDays: number;
}

export interface Spike {
  day: number;
  acus: number;
  baselinePerDay: number;
}

/**
 * A day is a spike when it is at least `factor` × the mean of the `baselineDays` days before it and at least
 * `minAcus`. Days missing from the series count as zero. Only the last two days (yesterday and today so far) are
 * looked at, and a baseline with fewer than 3 days of any use is too thin to judge (a new org is not a spike).
 */
export function findSpike(days: { date: number; acus: number }[], settings: SpikeSettings, nowSeconds: number): Spike | null {
  const byDay = new Map(days.map((d) => [d.date, d.acus]));
  const sorted = [...byDay.keys()].sort((a, b) => a - b);
  const candidates = sorted.filter((d) => d > nowSeconds - 2 * DAY && d <= nowSeconds);
  let worst: Spike | null = null;
  for (const day of candidates) {
    const acus = byDay.get(day) ?? 0;
    const baseline: number[] = [];
    for (let i = 1; i <= settings.baselineDays; i++) baseline.push(byDay.get(day - i * DAY) ?? 0);
    if (baseline.filter((v) => v > 0).length < 3) continue;
    const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
    if (acus >= settings.minAcus && acus >= settings.factor * mean && (!worst || acus / mean > worst.acus / worst.baselinePerDay)) {
      worst = { day, acus, baselinePerDay: Math.round(mean * 1000) / 1000 };
    }
  }
  return worst;
}

export type Confidence = 'certain' | 'high' | 'medium';

export interface CapForecast {
  cycleAcus: number;
  forecastAcus: number;
  cap: number;
  confidence: Confidence;
  elapsedShare: number;
  passesCapAt: number | null;
}

/**
 * Whether an org's cycle use, projected at its run-rate so far, passes its cap, and how sure that is. Reaching the
 * cap is certain. A projection is not trusted before `minElapsedShare` of the cycle has passed (two busy days at
 * the start of a month say little about the month); after that it is `medium` until 40 % and `high` beyond, and
 * it must pass the cap by 10 % to count as `medium`.
 */
export function forecastOverCap(cycle: TimeRange, cycleAcus: number, cap: number | null, nowSeconds: number, minElapsedShare: number): CapForecast | null {
  if (cap === null || cap <= 0) return null;
  const length = cycle.timeBefore - cycle.timeAfter;
  const elapsed = Math.min(Math.max(nowSeconds - cycle.timeAfter, 0), length);
  const elapsedShare = length > 0 ? elapsed / length : 1;
  const rate = elapsed > 0 ? cycleAcus / elapsed : 0;
  const forecastAcus = Math.round((cycleAcus + rate * (length - elapsed)) * 1000) / 1000;
  const base = { cycleAcus: Math.round(cycleAcus * 1000) / 1000, forecastAcus, cap, elapsedShare: Math.round(elapsedShare * 1000) / 1000 };
  if (cycleAcus >= cap) return { ...base, confidence: 'certain', passesCapAt: null };
  if (elapsedShare < minElapsedShare || forecastAcus <= cap || rate <= 0) return null;
  const confidence: Confidence = elapsedShare >= 0.4 ? 'high' : 'medium';
  if (confidence === 'medium' && forecastAcus < cap * 1.1) return null;
  return { ...base, confidence, passesCapAt: Math.round(nowSeconds + (cap - cycleAcus) / rate) };
}

export interface KeyInfo {
  apiKeyId: string;
  name: string;
  active: boolean;
  expiresAt: number | null;
}

/**
 * Active keys that expire within `days` and have no successor: no other active key of the same service user
 * lives longer (or forever). Keys already scheduled for revocation are someone's plan, not a surprise.
 */
export function expiringWithoutSuccessor(keys: KeyInfo[], days: number, nowSeconds: number, scheduledForRevocation: Set<string>): KeyInfo[] {
  const horizon = nowSeconds + days * DAY;
  const active = keys.filter((k) => k.active && (k.expiresAt === null || k.expiresAt > nowSeconds) && !scheduledForRevocation.has(k.apiKeyId));
  return active.filter(
    (k) =>
      k.expiresAt !== null &&
      k.expiresAt <= horizon &&
      !active.some((other) => other.apiKeyId !== k.apiKeyId && (other.expiresAt === null || other.expiresAt > k.expiresAt!)),
  );
}
