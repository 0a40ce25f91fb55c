'use client';

import { type RefObject, useId } from 'react';
import { PRODUCT_LABELS, PRODUCTS } from '@/lib/consumption/schemas';
import { useConsumptionBreakdown } from '@/lib/swr/use-consumption-breakdown';
import styles from './consumption.module.css';
import { downloadCsv } from './download-csv';

const acus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const KIND_LABELS = { user: 'Person', 'service-user': 'Service user', other: '—' } as const;

/** Per-person and per-service-user use in one org, loaded when an org is picked. */
export function OrgBreakdown({
  orgs,
  selected,
  onSelect,
  rangeSearch,
  fileBase,
  headingRef,
}: {
  orgs: { orgId: string; name: string }[];
  selected: string | null;
  onSelect: (orgId: string | null) => void;
  rangeSearch: string;
  fileBase: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const id = useId();
  const { data, error, isLoading, isValidating } = useConsumptionBreakdown(selected, rangeSearch);
  const org = orgs.find((o) => o.orgId === selected);
  const current = data && data.orgId === selected ? data : null;

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="consumption-breakdown">
      <div className={styles.breakdownHead}>
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} style={{ margin: 0 }}>
          {org ? `Who used ACUs in ${org.name}` : 'Who used the ACUs'}
        </h2>
        <div className="row">
          <label htmlFor={`${id}-org`} className="sr-only">
            Organization
          </label>
          <select id={`${id}-org`} value={selected ?? ''} onChange={(e) => onSelect(e.target.value || null)}>
            <option value="">Pick an organization…</option>
            {orgs.map((o) => (
              <option key={o.orgId} value={o.orgId}>
                {o.name}
              </option>
            ))}
          </select>
          {current && org && (
            <button
              type="button"
              className="btn"
              onClick={() =>
                downloadCsv(
                  `${fileBase}-${org.orgId}-breakdown.csv`,
                  ['kind', 'id', 'name', 'email', ...PRODUCTS.map((p) => `${p}_acus`), 'total_acus'],
                  current.rows.map((r) => [r.kind, r.id, r.name, r.email, ...PRODUCTS.map((p) => r.byProduct[p]), r.acus]),
                )
              }
            >
              Download CSV
            </button>
          )}
        </div>
      </div>
      <div aria-live="polite" aria-busy={isValidating}>
        {!selected && <p className="muted">Pick an organization, or use “Details” in the table above.</p>}
        {selected && error && (
          <div className="alert alert-error" role="alert">
            <strong>The breakdown could not be loaded</strong>
            {error.message}
          </div>
        )}
        {selected && !error && (isLoading || !current) && <p className="muted">Loading the breakdown…</p>}
        {current && !error && (
          <>
            {current.scope === 'self' && (
              <p className="small muted">Only the org’s admins see everyone’s use; this is yours.</p>
            )}
            {current.rows.length === 0 ? (
              <p className="muted">Devin lists no use by anyone here in this range.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">ACUs by person and service user</caption>
                  <thead>
                    <tr>
                      <th scope="col">Who</th>
                      <th scope="col">Kind</th>
                      {PRODUCTS.map((p) => (
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
                    {current.rows.map((r) => (
                      <tr key={`${r.kind}:${r.id ?? 'other'}`}>
                        <th scope="row" className={styles.rowHeader}>
                          {r.name}
                          {r.email && <div className="small muted">{r.email}</div>}
                        </th>
                        <td>{KIND_LABELS[r.kind]}</td>
                        {PRODUCTS.map((p) => (
                          <td key={p} className="num">
                            {acus.format(r.byProduct[p])}
                          </td>
                        ))}
                        <td className="num">{acus.format(r.acus)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2 + PRODUCTS.length}>
                        {current.scope === 'self' ? 'The whole organization' : 'Total'}
                      </th>
                      <td className="num">{acus.format(current.totalAcus)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
