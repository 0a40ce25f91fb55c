import { ErrorNotice } from '@/app/_components/error-notice';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { formatAcus, formatDate } from '@/lib/format';
import { loadCycleSpend } from '@/lib/overview/dashboard';
import { describeForecast } from '@/lib/overview/forecast-view';
import { settle } from '@/lib/settle';
import styles from './overview.module.css';

/** This billing cycle so far and where it is heading, said with as much confidence as the data allows. */
export async function CycleSpendPanel({ user }: { user: PortalUser }) {
  const result = await settle(loadCycleSpend(user));
  if (!result.ok) return <ErrorNotice title="This cycle's consumption could not be loaded" message={toApiError(result.error).message} />;
  const { forecast, cycle, scope } = result.value;
  const view = describeForecast(forecast, cycle);
  return (
    <div data-testid="cycle-spend">
      <p className={styles.figure}>
        {formatAcus(forecast.cycleAcus)} <span className={styles.figureUnit}>so far</span>
      </p>
      <p className="small muted">
        {scope === 'enterprise' ? 'The whole enterprise' : 'Your organizations together'}, {formatDate(cycle.timeAfter)} – {formatDate(cycle.timeBefore)}
      </p>
      <p className={styles[`tone-${view.tone}`]} data-testid="cycle-forecast" style={{ margin: '12px 0 4px', fontWeight: 550 }}>
        {view.text}
      </p>
      <p className="small muted" style={{ margin: 0 }} data-testid="cycle-forecast-basis">
        {view.basis} Confidence: {view.confidence.toLowerCase()}.
      </p>
    </div>
  );
}
