import { RANGE_PRESETS, type RangePreset, type ResolvedRange } from '@/lib/consumption/range';
import styles from './consumption.module.css';

/** A range as typed that did not parse, with a message per field in people's words. */
export interface TypedRange {
  range: string;
  from: string;
  to: string;
  errors: Record<string, string>;
}

/**
 * A plain GET form: every range has its own URL, and picking one works before any JavaScript has loaded. After a
 * range that does not work it shows what was typed, with the reason next to the field, not the fallback range.
 */
export function RangePicker({ range, typed }: { range: ResolvedRange; typed?: TypedRange | null }) {
  const errors = typed?.errors ?? {};
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `range-${name}-error` } : {});
  const message = (name: string) =>
    errors[name] ? (
      <span id={`range-${name}-error`} className="field-error">
        {errors[name]}
      </span>
    ) : null;
  return (
    <form method="get" action="/consumption" className={`card ${styles.picker}`} aria-label="Date range">
      <div className="field">
        <label htmlFor="range-preset">Range</label>
        <select id="range-preset" name="range" defaultValue={typed?.range || range.preset} {...invalid('range')}>
          {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
            <option key={p} value={p}>
              {RANGE_PRESETS[p]}
            </option>
          ))}
        </select>
        {message('range')}
      </div>
      <div className={styles.custom}>
        <div className="field">
          <label htmlFor="range-from">From day</label>
          <input id="range-from" name="from" type="date" defaultValue={typed ? typed.from : range.from} {...invalid('from')} />
          {message('from')}
        </div>
        <div className="field">
          <label htmlFor="range-to">To day (included)</label>
          <input id="range-to" name="to" type="date" defaultValue={typed ? typed.to : range.to} {...invalid('to')} />
          {message('to')}
        </div>
      </div>
      <button type="submit" className="btn btn-primary">
        Show
      </button>
      <p className={`small muted ${styles.note}`}>
        Days run from 08:00 UTC (midnight Pacific Standard Time) to 08:00 UTC the next day, the way Devin counts them, and are named by the date they start
        on.
      </p>
    </form>
  );
}
