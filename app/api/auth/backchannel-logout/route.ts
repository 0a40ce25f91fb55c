import { limitAddress } from '@/lib/api/route';
import { toErrorResponse } from '@/lib/api/errors';
import { handleLogoutToken, InvalidLogoutToken } from '@/lib/auth/backchannel-logout';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

// POST /api/auth/backchannel-logout – OIDC back-channel logout: the IdP's signed logout token ends the sign-ins it names
export async function POST(req: Request): Promise<Response> {
  const requestId = crypto.randomUUID();
  try {
    await limitAddress(req);
    const form = await req.formData().catch(() => null);
    const token = form?.get('logout_token');
    if (typeof token !== 'string' || !token) {
      return Response.json({ error: 'invalid_request', error_description: 'logout_token: is required (form-encoded)' }, { status: 400, headers: NO_STORE });
    }
    await handleLogoutToken(token);
    return new Response(null, { status: 200, headers: NO_STORE });
  } catch (err) {
    if (err instanceof InvalidLogoutToken) {
      return Response.json({ error: 'invalid_request', error_description: err.message }, { status: 400, headers: NO_STORE });
    }
    return toErrorResponse(err, requestId);
  }
}
