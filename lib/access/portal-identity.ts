import 'server-only';
import { sharedCache } from '@/lib/cache';
import { getDevinClient, upstreamCredentialKey } from '@/lib/upstream';
import type { Self, ServiceUser } from '@/lib/upstream/types';

/*
 * Who the portal is to Devin: the principal behind its token, and that service user's own roles. Both change only
 * when an operator changes the token or the service user's roles, so pages read them from a minute-long cache
 * instead of spending a round trip (and a step) on every load. The health probe still calls /v3/self itself.
 */

const identity = sharedCache<unknown>({ scope: 'portal-identity', ttlMs: 60_000, max: 4 });

/** GET /v3/self, kept for a minute. */
export function getPortalSelf(): Promise<Self> {
  // Keyed by the credential: after a configuration change the new token's identity is read, never the old one's.
  return identity.get(`${upstreamCredentialKey()}|self`, () => getDevinClient().fresh().self.get()) as Promise<Self>;
}

/** The portal's own service user with its role assignments (null when the token is not a service user's), kept for a minute. */
export async function getPortalServiceUser(): Promise<ServiceUser | null> {
  const self = await getPortalSelf();
  if (self.principalType !== 'service_user') return null;
  const serviceUserId = self.serviceUserId;
  return identity.get(`${upstreamCredentialKey()}|service-user:${serviceUserId}`, () => getDevinClient().fresh().serviceUsers.get(serviceUserId)) as Promise<ServiceUser>;
}
