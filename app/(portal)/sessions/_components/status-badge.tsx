import { describeStatus } from '@/lib/sessions/status';

const TONE_CLASS = { neutral: '', accent: 'badge-accent', success: 'badge-success', warning: 'badge-warning', danger: 'badge-danger' } as const;

export function StatusBadge({ status, detail, archived = false }: { status: string; detail: string | null; archived?: boolean }) {
  const view = describeStatus(status, detail);
  return (
    <span className="row" style={{ gap: 4 }}>
      <span className={`badge ${TONE_CLASS[view.tone]}`} data-testid="session-status">
        {view.label}
        {view.detail && <span style={{ fontWeight: 500 }}> · {view.detail}</span>}
      </span>
      {archived && <span className="badge">Archived</span>}
    </span>
  );
}
