import 'server-only';
import { errorFields, log } from '@/lib/observability/logger';
import { clearAlert, raiseAlert } from './store';

const SUBJECT = 'portal-service-user';
const holder = globalThis as typeof globalThis & { __portalTokenState?: { state: 'unknown' | 'accepted' | 'rejected' } };
const token = (holder.__portalTokenState ??= { state: 'unknown' });

/**
 * Wraps the fetch the portal's own Devin client uses: a 401 to the portal's token opens the
 * `upstream-token-rejected` alert, the next accepted call clears it. Only changes of state touch the store.
 */
export function watchPortalToken(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.status === 401) noteTokenRejected();
    else if (res.ok) noteTokenAccepted();
    return res;
  };
}

export function noteTokenRejected(): void {
  if (token.state === 'rejected') return;
  token.state = 'rejected';
  raiseAlert({
    kind: 'upstream-token-rejected',
    subject: SUBJECT,
    severity: 'critical',
    summary: 'Devin answers 401 to the portal’s service-user token: it was revoked or has expired. Set a new DEVIN_SERVICE_USER_TOKEN.',
  }).catch((err: unknown) => {
    token.state = 'unknown';
    log('alerts').error({ error: errorFields(err) }, 'could not record the rejected-token alert');
  });
}

export function noteTokenAccepted(): void {
  if (token.state === 'accepted') return;
  token.state = 'accepted';
  clearAlert('upstream-token-rejected', SUBJECT).catch((err: unknown) => {
    token.state = 'unknown';
    log('alerts').error({ error: errorFields(err) }, 'could not clear the rejected-token alert');
  });
}

/** For tests: forget what this process last saw. */
export function resetTokenWatch(): void {
  token.state = 'unknown';
}
