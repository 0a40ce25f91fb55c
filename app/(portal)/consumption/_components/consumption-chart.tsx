'use client';

import dynamic from 'next/dynamic';
import { useId } from 'react';
import { PRODUCT_LABELS, PRODUCTS, type DailyPoint } from '@/lib/consumption/schemas';
import { csvTime } from '@/lib/csv';
import { formatDate } from '@/lib/format';
import styles from './consumption.module.css';
import { downloadCsv } from './download-csv';

// The chart library is most of this page's JS: it loads only when a chart is drawn, after the page is interactive.
// Until then a placeholder of the chart's size holds the layout and says what is coming.
const ConsumptionBars = dynamic(() => import('./consumption-bars').then((m) => m.ConsumptionBars), {
  ssr: false,
  loading: () => (
    <div className={`skeleton ${styles.chartPlaceholder}`} role="status">
      <span className="sr-only">Loading the chart…</span>
    </div>
  ),
});

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
        <ConsumptionBars daily={daily} products={products} />
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
