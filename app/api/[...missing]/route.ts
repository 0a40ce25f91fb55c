import type { ErrorEnvelope } from '@/lib/api/error-codes';
import { withTransportSecurity } from '@/lib/api/transport-security';
import { getCurrentUser } from '@/lib/auth/session';

/**
 * An API path the portal does not expose answers in the API's own error shape, not with an HTML page; without a
 * session it answers 401 like every other API path, so which paths exist is not told to anonymous callers.
 */
async function missing(): Promise<Response> {
  const signedIn = Boolean(await getCurrentUser());
  const body: ErrorEnvelope = signedIn
    ? { error: { code: 'not_found', message: 'The portal has no such API route.' } }
    : { error: { code: 'unauthorized', message: 'Sign in to use the portal.' } };
  return withTransportSecurity(Response.json(body, { status: signedIn ? 404 : 401, headers: { 'Cache-Control': 'no-store' } }));
}

export const GET = missing;
export const POST = missing;
export const PUT = missing;
export const PATCH = missing;
export const DELETE = missing;
