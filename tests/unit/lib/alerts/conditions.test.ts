import { describe, expect, it } from 'vitest';
import { expiringWithoutSuccessor, findSpike, forecastOverCap } from '@/lib/alerts/conditions';
import { backoffSeconds } from '@/lib/jobs/runner';

const DAY = 86_400;
const today = 1_800_000_000 - (1_800_000_000 % DAY) + 8 * 3600;
const series = (values: number[]) => values.map((acus, i) => ({ date: today - (values.length - 1 - i) * DAY, acus }));
const spikeSettings = { factor: 3, minAcus: 50, baselineDays: 14 };

describe('findSpike', () => {
  it('flags today when it is factor × the trailing mean and above the floor', () => {
    const spike = findSpike(series([...Array(14).fill(20), 20, 70]), spikeSettings, today + 3600);
    expect(spike).toEqual({ day: today, acus: 70, baselinePerDay: 20 });
  });

  it('does not flag a day under the factor, under the floor, or against a thin baseline', () => {
    expect(findSpike(series([...Array(14).fill(20), 20, 59]), spikeSettings, today + 3600)).toBeNull();
    expect(findSpike(series([...Array(14).fill(5), 5, 40]), spikeSettings, today + 3600)).toBeNull();
    // A new org: two days of history, then a big day – not a spike, nothing to compare with.
    expect(findSpike(series([...Array(12).fill(0), 10, 10, 0, 500]), spikeSettings, today + 3600)).toBeNull();
  });

  it('counts missing days as zero and looks only at yesterday and today', () => {
    const sparse = [
      { date: today - 10 * DAY, acus: 30 },
      { date: today - 9 * DAY, acus: 30 },
      { date: today - 8 * DAY, acus: 30 },
      { date: today - DAY, acus: 60 },
    ];
    // Mean over 14 days = 90 / 14 ≈ 6.4; yesterday's 60 is a spike.
    expect(findSpike(sparse, spikeSettings, today + 3600)).toMatchObject({ day: today - DAY, acus: 60 });
    const old = [...series([...Array(14).fill(20)]).map((d) => ({ ...d, date: d.date - 5 * DAY })), { date: today - 4 * DAY, acus: 500 }];
    expect(findSpike(old, spikeSettings, today + 3600)).toBeNull();
  });
});

describe('forecastOverCap', () => {
  const cycle = { timeAfter: today, timeBefore: today + 30 * DAY };

  it('is certain once the cap is reached, whenever in the cycle', () => {
    expect(forecastOverCap(cycle, 1_000, 1_000, today + DAY, 0.2)).toMatchObject({ confidence: 'certain', cycleAcus: 1_000, cap: 1_000 });
  });

  it('stays quiet early in the cycle, however steep the start', () => {
    // Day 3 of 30 at 100/day projects 3,000 against a 1,000 cap – but 10 % of a cycle is too little to say.
    expect(forecastOverCap(cycle, 300, 1_000, today + 3 * DAY, 0.2)).toBeNull();
  });

  it('grows more confident as the cycle goes on, and needs a clear margin while unsure', () => {
    expect(forecastOverCap(cycle, 700, 1_000, today + 7 * DAY, 0.2)).toMatchObject({ confidence: 'medium', forecastAcus: 3_000 });
    // 7 % over the cap at 30 % of the cycle: too close to call.
    expect(forecastOverCap(cycle, 321, 1_000, today + 9 * DAY, 0.2)).toBeNull();
    const late = forecastOverCap(cycle, 600, 1_000, today + 15 * DAY, 0.2)!;
    expect(late).toMatchObject({ confidence: 'high', forecastAcus: 1_200, elapsedShare: 0.5 });
    expect(late.passesCapAt).toBe(today + 25 * DAY);
  });

  it('has nothing to say without a cap or when the run-rate stays under it', () => {
    expect(forecastOverCap(cycle, 5_000, null, today + 20 * DAY, 0.2)).toBeNull();
    expect(forecastOverCap(cycle, 400, 1_000, today + 15 * DAY, 0.2)).toBeNull();
  });
});

describe('expiringWithoutSuccessor', () => {
  const now = today;
  const key = (apiKeyId: string, expiresInDays: number | null, active = true) => ({ apiKeyId, name: apiKeyId, active, expiresAt: expiresInDays === null ? null : now + expiresInDays * DAY });

  it('flags a key expiring within the window when no other active key outlives it', () => {
    expect(expiringWithoutSuccessor([key('a', 5), key('old', 100, false)], 7, now, new Set()).map((k) => k.apiKeyId)).toEqual(['a']);
    expect(expiringWithoutSuccessor([key('a', 5), key('b', 6)], 7, now, new Set()).map((k) => k.apiKeyId)).toEqual(['b']);
  });

  it('leaves keys alone that have a successor, expire later, or are being rotated out', () => {
    expect(expiringWithoutSuccessor([key('a', 5), key('b', 60)], 7, now, new Set())).toEqual([]);
    expect(expiringWithoutSuccessor([key('a', 5), key('b', null)], 7, now, new Set())).toEqual([]);
    expect(expiringWithoutSuccessor([key('a', 30)], 7, now, new Set())).toEqual([]);
    expect(expiringWithoutSuccessor([key('a', 5)], 7, now, new Set(['a']))).toEqual([]);
    expect(expiringWithoutSuccessor([key('a', -1)], 7, now, new Set())).toEqual([]);
  });
});

describe('job backoff', () => {
  it('doubles per attempt from the base, with jitter in [half, full], capped', () => {
    expect(backoffSeconds(1, 30, 900, () => 0)).toBe(15);
    expect(backoffSeconds(1, 30, 900, () => 1)).toBe(30);
    expect(backoffSeconds(3, 30, 900, () => 1)).toBe(120);
    expect(backoffSeconds(10, 30, 900, () => 1)).toBe(900);
    expect(backoffSeconds(10, 30, 900, () => 0)).toBe(450);
  });
});
