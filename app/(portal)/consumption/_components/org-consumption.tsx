'use client';

import { useId, useMemo, useRef, useState } from 'react';
import { warnsOfCap, type Forecast, type OrgConsumptionRowDto } from '@/lib/consumption/schemas';
import { csvTime } from '@/lib/csv';
import { formatAcus, formatDate } from '@/lib/format';
import styles from './consumption.module.css';
import { downloadCsv } from './download-csv';
import { OrgBreakdown } from './org-breakdown';

type SortKey = 'name' | 'acus' | 'cycle' | 'share' | 'forecast';
const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Organization', numeric: false },
  { key: 'acus', label: 'In range', numeric: true },
  { key: 'cycle', label: 'This cycle', numeric: true },
  { key: 'share', label: 'Of cycle cap', numeric: true },
  { key: 'forecast', label: 'Forecast at cycle end', numeric: true },
];

/** Orgs named in the warning above the table; the table's Status column has them all. */
const MAX_WARNED = 5;
const acus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** What a row's projection rests on, in a few words under the figure. */
const BASIS_SHORT: Record<Forecast['basis'], (f: Forecast) => string> = {
  'last-7-days': () => 'last 7 full days',
  'previous-cycle': () => 'previous cycle',
  'cycle-so-far': (f) => `only ${f.basisDays} day${f.basisDays === 1 ? '' : 's'} so far`,
  none: () => 'no full day yet',
};

const share = (f: Forecast | null) => (f && f.cap ? f.cycleAcus / f.cap : f ? -1 : -2);
const sortValue: Record<Exclude<SortKey, 'name'>, (r: OrgConsumptionRowDto) => number> = {
  acus: (r) => r.acus ?? -1,
  cycle: (r) => r.forecast?.cycleAcus ?? -1,
  share: (r) => share(r.forecast),
  forecast: (r) => r.forecast?.forecastAcus ?? -1,
};

/** The per-org table, sortable by any column, and the per-person breakdown of the org picked from it. */
export function OrgConsumption({ rows, rangeSearch, fileBase }: { rows: OrgConsumptionRowDto[]; rangeSearch: string; fileBase: string }) {
  const id = useId();
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'acus', dir: 'desc' });
  const [selected, setSelected] = useState<string | null>(rows.length === 1 ? rows[0]!.orgId : null);
  const breakdownHeading = useRef<HTMLHeadingElement>(null);

  const sorted = useMemo(() => {
    const dir = sort.dir === 'asc' ? 1 : -1;
    const by = sort.key === 'name' ? null : sortValue[sort.key];
    return [...rows].sort((a, b) => (by ? (by(a) - by(b)) * dir : 0) || a.name.localeCompare(b.name) * (by ? 1 : dir));
  }, [rows, sort]);

  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'name' ? 'asc' : 'desc' }));

  const showDetails = (orgId: string) => {
    setSelected(orgId);
    requestAnimationFrame(() => breakdownHeading.current?.focus());
  };

  const exportCsv = () =>
    downloadCsv(
      `${fileBase}-orgs.csv`,
      ['org_id', 'organization', 'acus_in_range', 'cycle_acus', 'cycle_cap', 'run_rate_per_day', 'forecast_at_cycle_end', 'forecast_basis', 'forecast_confidence', 'passes_cap_at_utc', 'error'],
      sorted.map((r) => [
        r.orgId,
        r.name,
        r.acus,
        r.forecast?.cycleAcus,
        r.forecast?.cap,
        r.forecast?.runRatePerDay,
        r.forecast?.forecastAcus,
        r.forecast?.basis,
        r.forecast?.confidence,
        csvTime(r.forecast?.passesCapAt),
        r.error,
      ]),
    );

  if (rows.length === 0) {
    return (
      <section className="card empty">
        <h3>No organizations to show</h3>
        <p>You are not in any Devin organization yet.</p>
      </section>
    );
  }

  const atRisk = rows
    .filter((r) => r.forecast && warnsOfCap(r.forecast))
    .sort((a, b) => (a.forecast!.passesCapAt ?? 0) - (b.forecast!.passesCapAt ?? 0));

  return (
    <>
      <section className="card" aria-labelledby={`${id}-orgs`}>
        <div className="card-header">
          <h2 id={`${id}-orgs`}>By organization</h2>
          <button type="button" className="btn" onClick={exportCsv}>
            Download CSV
          </button>
        </div>
        {atRisk.length > 0 && (
          <div className="alert alert-warning" style={{ marginBottom: 12 }} data-testid="cap-warning">
            <strong>
              {atRisk.length} organization{atRisk.length === 1 ? ' is' : 's are'} over {atRisk.length === 1 ? 'its' : 'their'} cap or will pass it this cycle
              on a confident projection
            </strong>
            {atRisk
              .slice(0, MAX_WARNED)
              .map((r) => (r.forecast!.overCap ? `${r.name} (over its cap)` : `${r.name} (around ${formatDate(r.forecast!.passesCapAt)})`))
              .join(', ')}
            {atRisk.length > MAX_WARNED && `, and ${atRisk.length - MAX_WARNED} more`}.
          </div>
        )}
        <div className={`table-wrap ${styles.scroll}`}>
          <table data-testid="org-consumption-table">
            <caption className="sr-only">ACUs by organization; the column headers sort the table.</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'num' : undefined}
                    aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    <button type="button" className={styles.sortButton} onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden>{sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                    </button>
                  </th>
                ))}
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.orgId}>
                  <th scope="row" className={styles.rowHeader}>
                    {r.name}
                    <div className="mono small muted">{r.orgId}</div>
                  </th>
                  {r.error || !r.forecast ? (
                    <td colSpan={4} className="small" role="status">
                      <span className="badge badge-danger">Not loaded</span> {r.error}
                    </td>
                  ) : (
                    <>
                      <td className="num">{acus.format(r.acus ?? 0)}</td>
                      <td className="num">{acus.format(r.forecast.cycleAcus)}</td>
                      <td className="num">
                        {r.forecast.cap === null ? (
                          <span className="muted">No cap</span>
                        ) : (
                          <>
                            {percent.format(r.forecast.cycleAcus / r.forecast.cap)} of {formatAcus(r.forecast.cap)}
                            <meter
                              className={styles.meter}
                              min={0}
                              max={r.forecast.cap}
                              low={r.forecast.cap * 0.75}
                              high={r.forecast.cap * 0.9}
                              optimum={0}
                              value={Math.min(r.forecast.cycleAcus, r.forecast.cap)}
                              aria-label={`${r.name}: ${percent.format(r.forecast.cycleAcus / r.forecast.cap)} of its cycle cap used`}
                            />
                          </>
                        )}
                      </td>
                      <td className="num">
                        {r.forecast.basis === 'none' ? <span className="muted">—</span> : acus.format(r.forecast.forecastAcus)}
                        <div className="small muted" data-testid="forecast-basis">
                          {BASIS_SHORT[r.forecast.basis](r.forecast)}, {r.forecast.confidence === 'none' ? 'no' : r.forecast.confidence} confidence
                        </div>
                      </td>
                    </>
                  )}
                  <td>{r.forecast && <CapStatus forecast={r.forecast} />}</td>
                  <td>
                    <button type="button" className="btn btn-ghost" aria-label={`Details: who used ${r.name}'s ACUs`} onClick={() => showDetails(r.orgId)}>
                      Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <OrgBreakdown
        orgs={sorted.map((r) => ({ orgId: r.orgId, name: r.name }))}
        selected={selected}
        onSelect={setSelected}
        rangeSearch={rangeSearch}
        fileBase={fileBase}
        headingRef={breakdownHeading}
      />
    </>
  );
}

export function CapStatus({ forecast }: { forecast: Forecast }) {
  if (forecast.cap === null) return <span className="badge">No cap</span>;
  if (forecast.overCap) return <span className="badge badge-danger">Over its cap</span>;
  if (forecast.passesCapAt !== null && forecast.confident) {
    return <span className="badge badge-warning">Passes its cap around {formatDate(forecast.passesCapAt)}</span>;
  }
  if (!forecast.confident) return <span className="badge">{forecast.passesCapAt !== null ? 'Too early to tell' : 'On track so far'}</span>;
  return <span className="badge badge-success">On track</span>;
}
