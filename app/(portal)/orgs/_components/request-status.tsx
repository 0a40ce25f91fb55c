import type { OrgRequestView } from '@/lib/orgs/dto';

const LOOK: Record<OrgRequestView['status'], { label: string; tone: string }> = {
  pending: { label: 'Waiting for approval', tone: 'badge-warning' },
  creating: { label: 'Being created', tone: 'badge-accent' },
  created: { label: 'Created', tone: 'badge-success' },
  failed: { label: 'Creation failed', tone: 'badge-danger' },
  rejected: { label: 'Rejected', tone: 'badge-danger' },
  expired: { label: 'Expired', tone: '' },
  withdrawn: { label: 'Withdrawn', tone: '' },
  deleted: { label: 'Org deleted', tone: '' },
};

export function RequestStatus({ status }: { status: OrgRequestView['status'] }) {
  const look = LOOK[status];
  return <span className={`badge ${look.tone}`}>{look.label}</span>;
}
