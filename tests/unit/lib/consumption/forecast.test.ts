import { describe, expect, it } from 'vitest';
import { forecastCycle, type DayAcus, type ForecastInput } from '@/lib/consumption/forecast';
import { warnsOfCap } from '@/lib/consumption/schemas';

const DAY = 86_400;
const HOUR = 3_600;
// Devin's cycles and days start at 08:00 UTC.
const START = Date.UTC(2026, 10, 1, 8) / 1000;
const cycle = { timeAfter: START, timeBefore: START + 30 * DAY };
const previousRange = { timeAfter: START - 31 * DAY, timeBefore: START };

/** `n` days from `from`, each using `acus(i)`. */
const days = (from: number, n: number, acus: (i: number) => number): DayAcus[] => Array.from({ length: n }, (_, i) => ({ date: from + i * DAY, acus: acus(i) }));
const sum = (d: DayAcus[]) => d.reduce((s, x) => s + x.acus, 0);

function input(over: Partial<ForecastInput> & { nowSeconds: number }): ForecastInput {
  return { cycle, cycleAcus: sum(over.cycleDays ?? []), cycleDays: [], previous: null, cap: null, ...over };
}

describe('forecastCycle', () => {
  it('on day 0 with no history, projects nothing and raises no alarm, however busy the first hours', () => {
    const now = START + 15 * HOUR; // 15 hours in, 120 ACU: a naive run-rate would pass a 2,000 cap
    const f = forecastCycle(input({ nowSeconds: now, cycleAcus: 120, cycleDays: [{ date: START, acus: 120 }], cap: 2_000 }));
    expect(f).toMatchObject({ basis: 'none', confidence: 'none', confident: false, runRatePerDay: 0, forecastAcus: 120, passesCapAt: null, overCap: false });
    expect(warnsOfCap(f)).toBe(false);
  });

  it('on day 0 with a previous cycle, projects at that cycle’s daily average, with medium confidence', () => {
    const now = START + 15 * HOUR;
    const previous = { range: previousRange, days: days(previousRange.timeAfter, 31, () => 100) };
    const f = forecastCycle(input({ nowSeconds: now, cycleAcus: 120, cycleDays: [{ date: START, acus: 120 }], previous, cap: 2_000 }));
    expect(f).toMatchObject({ basis: 'previous-cycle', basisDays: 31, confidence: 'medium', confident: true, runRatePerDay: 100 });
    // 120 so far + 100 a day for the 29 days and 9 hours left.
    expect(f.forecastAcus).toBeCloseTo(120 + 100 * (30 - 15 / 24), 2);
    expect(f.passesCapAt).toBe(Math.round(now + ((2_000 - 120) / 100) * DAY));
    expect(warnsOfCap(f)).toBe(true);
  });

  it('with no history and a few full days, guesses from them, says it is a guess, and does not alarm', () => {
    const cycleDays = days(START, 4, (i) => (i < 3 ? 200 : 50)); // 3 full days of 200, today so far 50
    const f = forecastCycle(input({ nowSeconds: START + 3 * DAY + 2 * HOUR, cycleDays, cap: 3_000 }));
    expect(f).toMatchObject({ basis: 'cycle-so-far', basisDays: 3, confidence: 'low', confident: false, runRatePerDay: 200 });
    expect(f.passesCapAt).not.toBeNull();
    expect(warnsOfCap(f)).toBe(false);
  });

  it('uses the last 7 full days once the cycle has them, leaving out today and older days', () => {
    // Days 0-2 heavy (1,000 a day), days 3-9 light (10 a day), today (day 10) 500 so far.
    const cycleDays = days(START, 11, (i) => (i < 3 ? 1_000 : i < 10 ? 10 : 500));
    const now = START + 10 * DAY + HOUR;
    const f = forecastCycle(input({ nowSeconds: now, cycleDays, cap: 5_000 }));
    expect(f).toMatchObject({ basis: 'last-7-days', basisDays: 7, confidence: 'high', confident: true, runRatePerDay: 10, cycleAcus: 3_570 });
    expect(f.forecastAcus).toBeCloseTo(3_570 + 10 * (20 - 1 / 24), 2);
    expect(f.passesCapAt).toBeNull();
    expect(warnsOfCap(f)).toBe(false);
  });

  it('a zero-usage week projects no further use, confidently, even after a busy start', () => {
    const cycleDays = days(START, 12, (i) => (i < 5 ? 300 : 0));
    const f = forecastCycle(input({ nowSeconds: START + 12 * DAY + HOUR, cycleDays, cap: 2_000 }));
    expect(f).toMatchObject({ basis: 'last-7-days', confident: true, runRatePerDay: 0, forecastAcus: 1_500, passesCapAt: null });
  });

  it('counts days Devin leaves out as zero', () => {
    const cycleDays = [{ date: START + 8 * DAY, acus: 70 }]; // only one of the last 7 full days listed
    const f = forecastCycle(input({ nowSeconds: START + 9 * DAY + HOUR, cycleDays }));
    expect(f).toMatchObject({ basis: 'last-7-days', runRatePerDay: 10 });
  });

  it('says a cap already reached is reached, whatever the confidence', () => {
    const f = forecastCycle(input({ nowSeconds: START + HOUR, cycleAcus: 2_500, cycleDays: [{ date: START, acus: 2_500 }], cap: 2_000 }));
    expect(f).toMatchObject({ overCap: true, passesCapAt: null, confident: false });
    expect(warnsOfCap(f)).toBe(true);
  });

  it('does not count the previous cycle from before the org existed', () => {
    const created = previousRange.timeAfter + 27 * DAY + 5 * HOUR; // created during day 27 of 31: 3 full days of history
    const previous = { range: previousRange, days: days(previousRange.timeAfter, 31, (i) => (i >= 28 ? 90 : 0)) };
    const f = forecastCycle(input({ nowSeconds: START + 2 * DAY, cycleDays: days(START, 2, () => 90), previous, since: created }));
    expect(f).toMatchObject({ basis: 'previous-cycle', basisDays: 3, runRatePerDay: 90, confidence: 'low', confident: false });
    // An org created this cycle has no previous history at all, and counts its full days only.
    const fresh = forecastCycle(
      input({ nowSeconds: START + 9 * DAY + HOUR, cycleDays: days(START, 10, (i) => (i >= 5 ? 40 : 0)), previous, since: START + 4 * DAY + HOUR }),
    );
    expect(fresh).toMatchObject({ basis: 'cycle-so-far', basisDays: 4, runRatePerDay: 40, confident: false });
  });

  it('an org idle for most of the previous cycle averages over all of it, not just its busy tail', () => {
    // Existed all along; Devin lists only the last 10 days (the org used nothing before).
    const previous = { range: previousRange, days: days(previousRange.timeAfter + 21 * DAY, 10, () => 310) };
    const f = forecastCycle(input({ nowSeconds: START + 2 * DAY, cycleDays: days(START, 2, () => 100), previous, since: previousRange.timeAfter - 90 * DAY, cap: 5_000 }));
    expect(f).toMatchObject({ basis: 'previous-cycle', basisDays: 31, runRatePerDay: 100 });
    // The enterprise as a whole (no creation date) still starts with the first day Devin lists.
    const whole = forecastCycle(input({ nowSeconds: START + 2 * DAY, cycleDays: days(START, 2, () => 100), previous }));
    expect(whole).toMatchObject({ basis: 'previous-cycle', basisDays: 10, runRatePerDay: 310 });
  });

  it('treats a previous cycle Devin lists no days for as no history', () => {
    const f = forecastCycle(input({ nowSeconds: START + 2 * DAY + HOUR, cycleDays: days(START, 3, () => 10), previous: { range: previousRange, days: [] } }));
    expect(f).toMatchObject({ basis: 'cycle-so-far', basisDays: 2, runRatePerDay: 10, confident: false });
  });

  it('never warns without a cap, and stops at the cycle end', () => {
    const cycleDays = days(START, 30, () => 100);
    const f = forecastCycle(input({ nowSeconds: START + 40 * DAY, cycleDays }));
    expect(f).toMatchObject({ cap: null, passesCapAt: null, forecastAcus: 3_000, overCap: false });
  });
});
