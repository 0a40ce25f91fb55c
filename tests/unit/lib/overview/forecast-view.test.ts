import { describe, expect, it } from 'vitest';
import { forecastCycle } from '@/lib/consumption/forecast';
import { describeForecast, MIN_CONFIDENT_DAYS } from '@/lib/overview/forecast-view';

const DAY = 86_400;
const cycle = { timeAfter: 1_000 * DAY, timeBefore: 1_030 * DAY };

describe('describeForecast', () => {
  it('does not raise an alarm from the first hours of a cycle', () => {
    const at = cycle.timeAfter + 15 * 3_600; // 15 hours in, 120 ACU used: a naive run-rate passes a 2,000 cap
    const f = forecastCycle(cycle, 120, 2_000, at);
    expect(f.passesCapAt).not.toBeNull();
    const view = describeForecast(f, cycle, at);
    expect(view).toMatchObject({ tone: 'muted', confident: false, text: 'Too early to project this cycle.' });
    expect(view.basis).toContain('hours into the cycle');
  });

  it('warns once the projection has enough days behind it', () => {
    const at = cycle.timeAfter + 10 * DAY;
    const view = describeForecast(forecastCycle(cycle, 1_000, 2_000, at), cycle, at);
    expect(view.tone).toBe('warning');
    expect(view.text).toMatch(/^On pace to reach the cap around \d+ \w+ \d{4}\.$/);
    expect(view.basis).toBe('Based on the average of the 10 days so far (100 ACU a day).');
  });

  it('is calm when the cycle is on course, and names the end figure', () => {
    const at = cycle.timeAfter + MIN_CONFIDENT_DAYS * DAY;
    const view = describeForecast(forecastCycle(cycle, 30, 2_000, at), cycle, at);
    expect(view).toMatchObject({ tone: 'ok', confident: true, text: expect.stringContaining('300 ACU of 2,000 ACU') });
  });

  it('says so plainly when the cap is already reached, however early', () => {
    const at = cycle.timeAfter + 3_600;
    expect(describeForecast(forecastCycle(cycle, 2_500, 2_000, at), cycle, at).tone).toBe('danger');
  });
});
