import { RANGE_PRESETS, type RangePreset, type ResolvedRange } from '@/lib/consumption/range';
import styles from './consumption.module.css';

/** A plain GET form: every range has its own URL, and picking one works before any JavaScript has loaded. */
export function RangePicker({ range }: { range: ResolvedRange }) {
  return (
    <form method="get" action="/consumption" className={`card ${styles.picker}`} aria-label="Date range">
      <div className="field">
        <label htmlFor="range-preset">Range</label>
        <select id="range-preset" name="range" defaultValue={range.preset}>
          {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
            <option key={p} value={p}>
              {RANGE_PRESETS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.custom}>
        <div className="field">
          <label htmlFor="range-from">From day</label>
          <input id="range-from" name="from" type="date" defaultValue={range.from} />
        </div>
        <div className="field">
          <label htmlFor="range-to">To day (included)</label>
          <input id="range-to" name="to" type="date" defaultValue={range.to} />
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
