import type { TimeRange } from '@/lib/consumption/range';
import type { Forecast } from '@/lib/consumption/schemas';
import { formatAcus, formatDate } from '@/lib/format';

export type ForecastTone = 'muted' | 'ok' | 'warning' | 'danger';

export interface ForecastView {
  /** One sentence a person can act on. */
  text: string;
  /** What the projection rests on, e.g. "Based on the last 7 full days (12 ACU a day)." */
  basis: string;
  /** "High", "Medium", "Low" or "None". */
  confidence: string;
  tone: ForecastTone;
  confident: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a projection rests on, in words. */
export function describeBasis(f: Forecast): string {
  const rate = `${formatAcus(f.runRatePerDay)} a day`;
  switch (f.basis) {
    case 'last-7-days':
      return `Based on the last 7 full days (${rate}).`;
    case 'previous-cycle':
      return `Based on the previous cycle (${rate} over ${plural(f.basisDays, 'day')}), until this one has 7 full days.`;
    case 'cycle-so-far':
      return `Based on only ${plural(f.basisDays, 'full day')} so far, with no earlier history (${rate}).`;
    case 'none':
      return 'Not one full day into the cycle yet, and no earlier history to go on.';
  }
}

/**
 * Words for a cycle projection (the one from lib/consumption/forecast), said with the confidence it has: alarming
 * only when the cap is reached or the projection is confident. Client-safe.
 */
export function describeForecast(f: Forecast, cycle: TimeRange): ForecastView {
  const basis = describeBasis(f);
  const confidence = f.confidence.charAt(0).toUpperCase() + f.confidence.slice(1);
  const base = { basis, confidence, confident: f.confident };
  if (f.overCap) return { ...base, text: 'Cap reached: new sessions may be refused until the next cycle.', tone: 'danger' };
  const of = f.cap !== null ? ` of ${formatAcus(f.cap)}` : '';
  const end = formatDate(cycle.timeBefore);
  if (!f.confident) {
    if (f.basis === 'none') return { ...base, text: 'Too early to project this cycle.', tone: 'muted' };
    const text =
      f.passesCapAt !== null
        ? `Too early to tell whether the cap will be reached: a rough guess says around ${formatDate(f.passesCapAt)}.`
        : `Roughly ${formatAcus(Math.round(f.forecastAcus))}${of} by ${end}, but too early to be sure.`;
    return { ...base, text, tone: 'muted' };
  }
  if (f.passesCapAt !== null) return { ...base, text: `On pace to reach the cap around ${formatDate(f.passesCapAt)}.`, tone: 'warning' };
  return { ...base, text: `On pace for about ${formatAcus(Math.round(f.forecastAcus))}${of} by ${end}.`, tone: 'ok' };
}
