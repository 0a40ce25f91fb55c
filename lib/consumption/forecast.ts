import { DAY_SECONDS, type TimeRange } from './range';
import type { Forecast, ForecastBasis, ForecastConfidence } from './schemas';

/** The trailing window a projection rests on once the cycle has that many full days behind it. */
export const TRAILING_DAYS = 7;

export interface DayAcus {
  /** Start of the Devin day (Unix s). */
  date: number;
  acus: number;
}

export interface ForecastInput {
  cycle: TimeRange;
  /** This cycle's use so far, today's unfinished day included. */
  cycleAcus: number;
  /** This cycle's days as Devin lists them; a day Devin leaves out counts as zero. */
  cycleDays: DayAcus[];
  /** The previous cycle and its days, the fallback early in a cycle; null when there is none to read. */
  previous: { range: TimeRange; days: DayAcus[] } | null;
  /** The ACU limit per cycle; null = none. */
  cap: number | null;
  nowSeconds: number;
  /** Nothing before this (e.g. when the org was created) is history: days before it are not averaged in. */
  since?: number | null;
}

/**
 * Where a cycle is heading, and how far to trust that. The rate is the last 7 full days once the cycle has them;
 * before that, the previous cycle's daily average; with no previous cycle, the cycle's full days so far (a guess,
 * said as such); with not even one full day, no rate at all. Today's unfinished day never sets the rate: a busy
 * first morning is not a month. Only a `high` or `medium` projection is `confident`, and only a confident one
 * should raise an alarm about passing the cap (reaching it is a fact and always can).
 *
 * Pure, so the consumption page, the overview and the tests get the same figures.
 */
export function forecastCycle(input: ForecastInput): Forecast {
  const { cycle, cycleAcus, cap } = input;
  const at = Math.min(Math.max(input.nowSeconds, cycle.timeAfter), cycle.timeBefore);
  const remainingDays = (cycle.timeBefore - at) / DAY_SECONDS;
  // Devin's cycles start on a Devin day, so days are counted from the cycle's start.
  const today = cycle.timeAfter + Math.floor((at - cycle.timeAfter) / DAY_SECONDS) * DAY_SECONDS;
  const historyFrom = Math.max(cycle.timeAfter, firstFullDay(cycle, input.since));
  const fullDays = Math.max(0, Math.floor((today - historyFrom) / DAY_SECONDS));
  const sumIn = (days: DayAcus[], from: number, to: number) => days.reduce((sum, d) => (d.date >= from && d.date < to ? sum + d.acus : sum), 0);

  let rate = 0;
  let basis: ForecastBasis = 'none';
  let basisDays = 0;
  let confidence: ForecastConfidence = 'none';
  const previous = previousHistory(input);
  if (fullDays >= TRAILING_DAYS) {
    rate = sumIn(input.cycleDays, today - TRAILING_DAYS * DAY_SECONDS, today) / TRAILING_DAYS;
    basis = 'last-7-days';
    basisDays = TRAILING_DAYS;
    confidence = 'high';
  } else if (previous) {
    rate = previous.acus / previous.days;
    basis = 'previous-cycle';
    basisDays = previous.days;
    confidence = previous.days >= TRAILING_DAYS ? 'medium' : 'low';
  } else if (fullDays >= 1) {
    rate = sumIn(input.cycleDays, today - fullDays * DAY_SECONDS, today) / fullDays;
    basis = 'cycle-so-far';
    basisDays = fullDays;
    confidence = 'low';
  }

  const forecastAcus = cycleAcus + rate * remainingDays;
  const overCap = cap !== null && cycleAcus >= cap;
  const passesCapAt =
    cap !== null && !overCap && rate > 0 && forecastAcus > cap ? Math.round(at + ((cap - cycleAcus) / rate) * DAY_SECONDS) : null;
  return {
    cycleAcus: round(cycleAcus),
    runRatePerDay: round(rate),
    forecastAcus: round(forecastAcus),
    cap,
    overCap,
    passesCapAt,
    basis,
    basisDays,
    confidence,
    confident: confidence === 'high' || confidence === 'medium',
  };
}

/** The previous cycle's use and how many of its days count as history; null when none do. */
function previousHistory(input: ForecastInput): { acus: number; days: number } | null {
  const p = input.previous;
  if (!p || p.days.length === 0) return null;
  // History starts when the org was created; a day Devin leaves out after that counts as zero. Only when the start
  // is unknown (the enterprise as a whole) does it start with the first day Devin lists.
  const start = input.since === undefined || input.since === null ? Math.min(...p.days.map((d) => d.date)) : firstFullDay(p.range, input.since);
  const from = Math.max(p.range.timeAfter, start);
  const days = Math.floor((p.range.timeBefore - from) / DAY_SECONDS);
  if (days < 1) return null;
  const acus = p.days.reduce((sum, d) => (d.date >= from && d.date < p.range.timeBefore ? sum + d.acus : sum), 0);
  return { acus, days };
}

/** The first whole day (counted from `range`'s start) from `at` on; the range's start when `at` is unset or before it. */
function firstFullDay(range: TimeRange, at: number | null | undefined): number {
  if (at === null || at === undefined || at <= range.timeAfter) return range.timeAfter;
  return range.timeAfter + Math.ceil((at - range.timeAfter) / DAY_SECONDS) * DAY_SECONDS;
}

export function round(acus: number): number {
  return Math.round(acus * 1000) / 1000;
}
