import type { SessionOwner } from '@/lib/sessions/schemas';

const LABELS: Record<SessionOwner, string> = { you: 'You', member: 'A teammate', 'service-user': 'Portal service user' };

export function OwnerLabel({ owner }: { owner: SessionOwner }) {
  return owner === 'you' ? <span className="badge badge-accent">You</span> : <span className="muted">{LABELS[owner]}</span>;
}
