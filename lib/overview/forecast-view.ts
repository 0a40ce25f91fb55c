import type { TimeRange } from '@/lib/consumption/range';
import type { Forecast } from '@/lib/consumption/schemas';
import { formatAcus, formatDate } from '@/lib/format';

/** Fewer days of data than this make a run-rate a guess: a busy first morning is not a month. */
export const MIN_CONFIDENT_DAYS = 3;

export type ForecastTone = 'muted' | 'ok' | 'warning' | 'danger';

export interface ForecastView {
  /** One sentence a person can act on. */
  text: string;
  /** What the projection rests on. */
  basis: string;
  tone: ForecastTone;
  confident: boolean;
}

/** Words for a cycle projection, alarming only when the cap is reached or the projection has enough days behind it. Client-safe. */
export function describeForecast(f: Forecast, cycle: TimeRange, nowSeconds: number): ForecastView {
  const at = Math.min(Math.max(nowSeconds, cycle.timeAfter), cycle.timeBefore);
  const elapsedDays = (at - cycle.timeAfter) / 86_400;
  const confident = elapsedDays >= MIN_CONFIDENT_DAYS;
  const days = Math.floor(elapsedDays);
  const basis = confident
    ? `Based on the average of the ${days} days so far (${formatAcus(f.runRatePerDay)} a day).`
    : `Only ${days === 0 ? 'hours' : `${days} day${days === 1 ? '' : 's'}`} into the cycle: too early for a projection.`;
  if (f.overCap) return { text: 'Cap reached: new sessions may be refused until the next cycle.', basis, tone: 'danger', confident: true };
  if (!confident) return { text: 'Too early to project this cycle.', basis, tone: 'muted', confident };
  if (f.passesCapAt !== null) {
    return { text: `On pace to reach the cap around ${formatDate(f.passesCapAt)}.`, basis, tone: 'warning', confident };
  }
  const of = f.cap !== null ? ` of ${formatAcus(f.cap)}` : '';
  return { text: `On pace for about ${formatAcus(Math.round(f.forecastAcus))}${of} by ${formatDate(cycle.timeBefore)}.`, basis, tone: 'ok', confident };
}
