import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ErrorNotice } from '@/app/_components/error-notice';
import { SkeletonRows } from '@/app/_components/skeleton-rows';
import { toApiError } from '@/lib/api/errors';
import { requireUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { getConsumptionOverview, getCurrentCycle, listOrgConsumption } from '@/lib/consumption/consumption';
import { consumptionQuerySchema, DAY_SECONDS, MAX_RANGE_DAYS, rangeSearch, resolveRange, type ConsumptionQuery, type ResolvedRange } from '@/lib/consumption/range';
import { PRODUCT_LABELS, PRODUCTS, type ConsumptionOverviewDto } from '@/lib/consumption/schemas';
import { formatAcus, formatDate, formatDateTime } from '@/lib/format';
import { describeForecast } from '@/lib/overview/forecast-view';
import { can } from '@/lib/policy/permissions';
import { settle } from '@/lib/settle';
import { ConsumptionChart } from './_components/consumption-chart';
import styles from './_components/consumption.module.css';
import { OrgConsumption } from './_components/org-consumption';
import { RangePicker, type TypedRange } from './_components/range-picker';
import { fieldMessages, rawValue } from '@/lib/forms/query-fields';

export const metadata: Metadata = { title: 'Consumption' };

export default async function ConsumptionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const raw = await searchParams;
  const parsed = consumptionQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : consumptionQuerySchema.parse({});
  const typed = parsed.success
    ? null
    : { range: rawValue(raw, 'range'), from: rawValue(raw, 'from'), to: rawValue(raw, 'to'), errors: fieldMessages(parsed.error, RANGE_WORDS) };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Consumption</h1>
          <p>ACUs as Devin counts them, {user.role === 'admin' ? 'for the whole enterprise' : 'in your organizations'}, against each organization’s cap.</p>
        </div>
      </div>
      {!can(user, 'consumption.read') ? (
        <ErrorNotice title="Not available to you" message="Your portal role cannot see consumption." />
      ) : (
        <div className="stack" style={{ gap: 16 }}>
          {typed && (
            <div className="alert alert-warning" role="status" data-testid="range-invalid">
              <strong>That range does not work</strong>
              {Object.values(typed.errors).join(' ')} Showing this billing cycle until it does.
            </div>
          )}
          <Suspense key={JSON.stringify(query)} fallback={<SkeletonRows rows={8} label="Loading consumption…" />}>
            <Dashboard user={user} query={query} typed={typed} />
          </Suspense>
        </div>
      )}
    </>
  );
}

/** What to tell people about a range that does not parse, next to the field. */
const RANGE_WORDS: Record<string, (schemaMessage: string) => string> = {
  range: () => 'Pick a range from the list.',
  from: (m) => (m.includes('required') ? 'Enter the first day of the range.' : 'Enter the first day as a date, like 2026-11-01.'),
  to: (m) =>
    m.includes('before')
      ? 'The last day is before the first day: pick a later one.'
      : m.includes('required')
        ? 'Enter the last day of the range.'
        : m.includes('at most')
          ? `A range spans at most ${MAX_RANGE_DAYS} days: pick a closer last day.`
          : 'Enter the last day as a date, like 2026-11-30.',
};

async function Dashboard({ user, query, typed }: { user: PortalUser; query: ConsumptionQuery; typed: TypedRange | null }) {
  const cycle = await settle(getCurrentCycle());
  if (!cycle.ok) return <ErrorNotice title="Consumption could not be loaded" message={toApiError(cycle.error).message} />;
  const range = resolveRange(query, cycle.value);
  const [overview, orgs] = await Promise.all([
    settle(getConsumptionOverview(user, range, cycle.value)),
    settle(listOrgConsumption(user, range, cycle.value)),
  ]);
  const fileBase = `devin-consumption-${range.from}_${range.to}`;
  return (
    <>
      <RangePicker range={range} typed={typed} />
      {overview.ok ? (
        <Overview overview={overview.value} range={range} fileBase={fileBase} />
      ) : (
        <ErrorNotice title="Totals could not be loaded" message={toApiError(overview.error).message} />
      )}
      {orgs.ok ? (
        <OrgConsumption rows={orgs.value} rangeSearch={rangeSearch(range)} fileBase={fileBase} />
      ) : (
        <ErrorNotice title="Per-organization figures could not be loaded" message={toApiError(orgs.error).message} />
      )}
    </>
  );
}

function Overview({ overview, range, fileBase }: { overview: ConsumptionOverviewDto; range: ResolvedRange; fileBase: string }) {
  const { forecast, cycle } = overview;
  const view = describeForecast(forecast, cycle);
  const days = Math.round((range.timeBefore - range.timeAfter) / DAY_SECONDS);
  const scope = overview.scope === 'enterprise' ? 'Enterprise' : 'Your organizations';
  return (
    <>
      <section className="card" aria-labelledby="totals-heading">
        <div className="card-header">
          <h2 id="totals-heading">{scope}</h2>
          <span className="small muted">
            {formatDate(range.timeAfter)} – {formatDate(range.timeBefore - DAY_SECONDS)} ({days} day{days === 1 ? '' : 's'})
          </span>
        </div>
        <dl className={styles.stats}>
          <div className={styles.stat}>
            <dt>In this range</dt>
            <dd data-testid="range-total">
              {formatAcus(overview.totalAcus)}
              <span className={styles.sub}>
                {PRODUCTS.filter((p) => overview.byProduct[p] > 0)
                  .map((p) => `${PRODUCT_LABELS[p]} ${formatAcus(overview.byProduct[p])}`)
                  .join(' · ') || 'No use'}
              </span>
            </dd>
          </div>
          <div className={styles.stat}>
            <dt>This cycle so far</dt>
            <dd>
              {formatAcus(forecast.cycleAcus)}
              <span className={styles.sub}>
                since {formatDate(cycle.timeAfter)}; ends {formatDateTime(cycle.timeBefore)}
              </span>
            </dd>
          </div>
          <div className={styles.stat}>
            <dt>Run-rate</dt>
            <dd>
              {forecast.basis === 'none' ? '—' : `${formatAcus(forecast.runRatePerDay)}/day`}
              <span className={styles.sub} data-testid="forecast-basis">
                {view.basis}
              </span>
            </dd>
          </div>
          <div className={styles.stat}>
            <dt>Forecast at cycle end</dt>
            <dd>
              {forecast.basis === 'none' ? '—' : formatAcus(forecast.forecastAcus)}
              <span className={styles.sub} data-testid="forecast-confidence">
                Confidence: {view.confidence.toLowerCase()}. {view.confident ? 'Each organization’s cap is below.' : 'Too early to be sure; no cap warnings until it is.'}
              </span>
            </dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="daily-heading">
        <div className="card-header">
          <h2 id="daily-heading">ACUs per day, by product</h2>
        </div>
        <ConsumptionChart daily={overview.daily} fileBase={fileBase} />
      </section>
    </>
  );
}
