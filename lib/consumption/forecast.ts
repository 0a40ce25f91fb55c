import { DAY_SECONDS, type TimeRange } from './range';
import type { Forecast } from './schemas';

/** Below this, a run-rate is noise: the first hour of a cycle says little about its days. */
const MIN_ELAPSED_DAYS = 1 / 24;

/**
 * Projects the cycle's use so far to its end at the average rate so far, and finds when that crosses `cap`.
 * Pure, so the same figures come out of the table, the chart header and the tests.
 */
export function forecastCycle(cycle: TimeRange, cycleAcus: number, cap: number | null, nowSeconds: number): Forecast {
  const at = Math.min(Math.max(nowSeconds, cycle.timeAfter), cycle.timeBefore);
  const elapsedDays = Math.max((at - cycle.timeAfter) / DAY_SECONDS, MIN_ELAPSED_DAYS);
  const remainingDays = (cycle.timeBefore - at) / DAY_SECONDS;
  const runRatePerDay = cycleAcus / elapsedDays;
  const forecastAcus = cycleAcus + runRatePerDay * remainingDays;
  const overCap = cap !== null && cycleAcus >= cap;
  const passesCapAt =
    cap !== null && !overCap && forecastAcus > cap && runRatePerDay > 0 ? Math.round(at + ((cap - cycleAcus) / runRatePerDay) * DAY_SECONDS) : null;
  return { cycleAcus: round(cycleAcus), runRatePerDay: round(runRatePerDay), forecastAcus: round(forecastAcus), cap, overCap, passesCapAt };
}

export function round(acus: number): number {
  return Math.round(acus * 1000) / 1000;
}
