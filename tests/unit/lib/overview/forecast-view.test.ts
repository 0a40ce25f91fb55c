import { describe, expect, it } from 'vitest';
import { forecastCycle, type DayAcus } from '@/lib/consumption/forecast';
import { describeForecast } from '@/lib/overview/forecast-view';

const DAY = 86_400;
const START = Date.UTC(2026, 10, 1, 8) / 1000;
const cycle = { timeAfter: START, timeBefore: START + 30 * DAY };
const previousRange = { timeAfter: START - 31 * DAY, timeBefore: START };
const days = (from: number, n: number, acus: number): DayAcus[] => Array.from({ length: n }, (_, i) => ({ date: from + i * DAY, acus }));

describe('describeForecast', () => {
  it('does not raise an alarm from the first hours of a new cycle with no history', () => {
    const f = forecastCycle({ cycle, cycleAcus: 120, cycleDays: [{ date: START, acus: 120 }], previous: null, cap: 2_000, nowSeconds: START + 15 * 3_600 });
    const view = describeForecast(f, cycle);
    expect(view).toMatchObject({ tone: 'muted', confident: false, confidence: 'None', text: 'Too early to project this cycle.' });
    expect(view.basis).toBe('Not one full day into the cycle yet, and no earlier history to go on.');
  });

  it('early in a cycle, warns on the previous cycle’s pace and says so', () => {
    const previous = { range: previousRange, days: days(previousRange.timeAfter, 31, 100) };
    const f = forecastCycle({ cycle, cycleAcus: 300, cycleDays: days(START, 3, 100), previous, cap: 2_000, nowSeconds: START + 2 * DAY + 3_600 });
    const view = describeForecast(f, cycle);
    expect(view.tone).toBe('warning');
    expect(view.text).toMatch(/^On pace to reach the cap around \d+ \w+ \d{4}\.$/);
    expect(view.basis).toBe('Based on the previous cycle (100 ACU a day over 31 days), until this one has 7 full days.');
    expect(view.confidence).toBe('Medium');
  });

  it('names the last 7 full days as its basis once there are 7, and is calm when on course', () => {
    const f = forecastCycle({ cycle, cycleAcus: 100, cycleDays: days(START, 10, 10), previous: null, cap: 2_000, nowSeconds: START + 10 * DAY });
    const view = describeForecast(f, cycle);
    expect(view).toMatchObject({ tone: 'ok', confident: true, confidence: 'High', text: expect.stringContaining('300 ACU of 2,000 ACU') });
    expect(view.basis).toBe('Based on the last 7 full days (10 ACU a day).');
  });

  it('calls a guess a guess', () => {
    const f = forecastCycle({ cycle, cycleAcus: 600, cycleDays: days(START, 3, 200), previous: null, cap: 2_000, nowSeconds: START + 3 * DAY });
    const view = describeForecast(f, cycle);
    expect(view).toMatchObject({ tone: 'muted', confident: false, confidence: 'Low' });
    expect(view.text).toMatch(/^Too early to tell whether the cap will be reached/);
    expect(view.basis).toBe('Based on only 3 full days so far, with no earlier history (200 ACU a day).');
  });

  it('says so plainly when the cap is already reached, however early', () => {
    const f = forecastCycle({ cycle, cycleAcus: 2_500, cycleDays: [{ date: START, acus: 2_500 }], previous: null, cap: 2_000, nowSeconds: START + 3_600 });
    expect(describeForecast(f, cycle).tone).toBe('danger');
  });
});
