'use client';

import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { PRODUCT_LABELS, PRODUCTS, type DailyPoint, type Product } from '@/lib/consumption/schemas';
import { csvTime } from '@/lib/csv';
import { formatDate } from '@/lib/format';
import styles from './consumption.module.css';
import { downloadCsv } from './download-csv';

const COLORS = { devin: '#2f5bea', cascade: '#7b61ff', terminal: '#0f9d8a', review: '#d97706' } as const;
const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const acus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Daily ACUs stacked by product, with the same figures as a table for screen readers and as a CSV download. */
export function ConsumptionChart({ daily, fileBase }: { daily: DailyPoint[]; fileBase: string }) {
  const id = useId();
  // Review is optional upstream: it gets a series only when there is some.
  const products = PRODUCTS.filter((p) => p !== 'review' || daily.some((d) => d.review > 0));

  if (daily.length === 0) {
    return (
      <div className="empty">
        <h3>No days in this range yet</h3>
        <p>Pick a range that has begun.</p>
      </div>
    );
  }

  return (
    <>
      <figure className={styles.chart} aria-labelledby={`${id}-caption`} data-testid="consumption-chart">
        <figcaption id={`${id}-caption`} className="sr-only">
          ACUs per day from {formatDate(daily[0]!.date)} to {formatDate(daily.at(-1)!.date)}, stacked by product. The same figures are in the table
          below the chart.
        </figcaption>
        <BarChart responsive style={{ width: '100%', height: 320 }} data={daily} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e5ea" />
          <XAxis dataKey="date" tickFormatter={(d: number) => shortDay.format(d * 1000)} tick={{ fontSize: 12 }} minTickGap={12} />
          <YAxis tickFormatter={(v: number) => acus.format(v)} tick={{ fontSize: 12 }} width={48} />
          <Tooltip
            labelFormatter={(d) => `${formatDate(Number(d))} (from 08:00 UTC)`}
            formatter={(value) => [`${acus.format(Number(value))} ACU`]}
          />
          {/* Stack order, bottom first, rather than alphabetical. */}
          <Legend itemSorter={(item) => PRODUCTS.indexOf(item.dataKey as Product)} />
          {products.map((p) => (
            <Bar key={p} dataKey={p} name={PRODUCT_LABELS[p]} stackId="acus" fill={COLORS[p]} isAnimationActive={false} />
          ))}
        </BarChart>
      </figure>
      <div className="row" style={{ justifyContent: 'space-between', marginTop: 12 }}>
        <details>
          <summary>Show the figures as a table</summary>
          <div className="table-wrap" style={{ marginTop: 8 }}>
            <table>
              <caption className="sr-only">ACUs per day by product</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {products.map((p) => (
                    <th key={p} scope="col" className="num">
                      {PRODUCT_LABELS[p]}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {daily.map((d) => (
                  <tr key={d.date}>
                    <th scope="row" className={styles.rowHeader}>
                      {formatDate(d.date)}
                    </th>
                    {products.map((p) => (
                      <td key={p} className="num">
                        {acus.format(d[p])}
                      </td>
                    ))}
                    <td className="num">{acus.format(d.acus)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        <button
          type="button"
          className="btn"
          onClick={() =>
            downloadCsv(
              `${fileBase}-daily.csv`,
              ['day_start_utc', ...products.map((p) => `${p}_acus`), 'total_acus'],
              daily.map((d) => [csvTime(d.date), ...products.map((p) => d[p]), d.acus]),
            )
          }
        >
          Download daily CSV
        </button>
      </div>
    </>
  );
}
