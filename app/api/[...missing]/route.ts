import type { ErrorEnvelope } from '@/lib/api/error-codes';

/** An API path the portal does not expose answers in the API's own error shape, not with an HTML page. */
function missing(): Response {
  const body: ErrorEnvelope = { error: { code: 'not_found', message: 'The portal has no such API route.' } };
  return Response.json(body, { status: 404, headers: { 'Cache-Control': 'no-store' } });
}

export const GET = missing;
export const POST = missing;
export const PUT = missing;
export const PATCH = missing;
export const DELETE = missing;
