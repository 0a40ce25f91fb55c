import 'server-only';
import { env } from '@/lib/env';

let discovery: Promise<string | null> | undefined;
/** After a failed discovery, pages go without the IdP sign-out link for this long rather than each waiting on it. */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Where to send the browser after the portal's own sign-out so the IdP session
 * ends too (OIDC RP-initiated logout); null when the IdP offers no such endpoint.
 * Without it, the next sign-in would silently log the same person back in.
 */
export async function getEndSessionUrl(): Promise<string | null> {
  const config = env();
  discovery ??= fetch(`${config.OIDC_ISSUER.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) })
    .then(async (res) => ((await res.json()) as { end_session_endpoint?: string }).end_session_endpoint ?? null)
    .catch(() => {
      setTimeout(() => (discovery = undefined), RETRY_AFTER_FAILURE_MS).unref();
      return null;
    });
  const endpoint = await discovery;
  if (!endpoint) return null;
  const url = new URL(endpoint);
  url.searchParams.set('client_id', config.OIDC_CLIENT_ID);
  url.searchParams.set('post_logout_redirect_uri', `${config.NEXTAUTH_URL.replace(/\/+$/, '')}/signin`);
  return url.toString();
}
