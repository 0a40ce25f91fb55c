import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { formatAcus } from '@/lib/format';
import { getOrgPolicy } from '@/lib/orgs/policy-config';
import { can } from '@/lib/policy/permissions';
import { OrgRequestForm } from '../_components/org-request-form';

export const metadata: Metadata = { title: 'Request an organization' };

export default async function NewOrgPage() {
  const user = await requireUser();
  if (!can(user, 'orgs.request')) notFound();
  const policy = getOrgPolicy();
  return (
    <>
      <div className="page-header">
        <div>
          <p className="small">
            <Link href="/orgs">← Organizations</Link>
          </p>
          <h1>Request an organization</h1>
          <p>A Devin organization for your team, with its own ACU budget. You become its admin.</p>
        </div>
      </div>
      <div className="grid grid-aside">
        <OrgRequestForm policy={policy} />
        <aside className="card" aria-labelledby="policy-heading">
          <h2 id="policy-heading">Policy</h2>
          <ul className="stack small" style={{ paddingLeft: 18, margin: 0 }}>
            <li>
              Up to <strong>{formatAcus(policy.autoApproveCycleAcu)}</strong> per cycle: created at once.
            </li>
            <li>Above that, up to {formatAcus(policy.maxCycleAcu)}: an admin approves first (requests expire after {policy.requestTtlHours} hours).</li>
            <li>At most {formatAcus(policy.maxSessionAcu)} per session.</li>
            <li>
              Each person may have {policy.maxPerPerson} organization{policy.maxPerPerson === 1 ? '' : 's'} created or waiting at a time.
            </li>
            <li>Names: {policy.nameHint}.</li>
          </ul>
        </aside>
      </div>
    </>
  );
}
