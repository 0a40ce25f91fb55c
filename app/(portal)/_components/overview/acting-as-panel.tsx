import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import { loadActingAs } from '@/lib/overview/dashboard';
import { settle } from '@/lib/settle';

export async function ActingAsPanel() {
  const result = await settle(loadActingAs());
  if (!result.ok) return <ErrorNotice title="Devin could not be reached" message={toApiError(result.error).message} />;
  const self = result.value;
  return (
    <div data-testid="acting-as">
      <dl className="kv">
        <dt>Service user</dt>
        <dd>{self.serviceUserName}</dd>
        <dt>Id</dt>
        <dd className="mono">{self.serviceUserId}</dd>
        <dt>Scope</dt>
        <dd>{self.orgId ? <span className="mono">{self.orgId}</span> : 'Enterprise'}</dd>
      </dl>
      <p className="muted small" style={{ marginTop: 12 }}>
        The portal calls Devin with this service user. Everything it does is recorded with your name in the portal&apos;s own trail.
      </p>
    </div>
  );
}
