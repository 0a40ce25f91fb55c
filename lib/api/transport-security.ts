/**
 * Strict-Transport-Security for every answer the portal gives when it is served over https (NEXTAUTH_URL): pages
 * get it from proxy.ts, API answers from the route wrapper, so a browser that only ever called the API still
 * learns never to come back over plain http. Over http (local runs) it is not sent: browsers ignore it there.
 * Edge-safe (proxy.ts imports it): plain `process.env`, no server-only modules.
 */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

export function transportSecurity(portalUrl: string | undefined): string | null {
  return portalUrl?.startsWith('https://') ? HSTS_VALUE : null;
}

/** Sets the header on a response (once per response; a no-op over http). */
export function withTransportSecurity<T extends Response>(res: T, portalUrl = process.env.NEXTAUTH_URL): T {
  const value = transportSecurity(portalUrl);
  if (value) res.headers.set('Strict-Transport-Security', value);
  return res;
}
