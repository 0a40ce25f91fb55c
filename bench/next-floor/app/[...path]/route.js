import { callUpstream } from '../../upstream';

/**
 * A route handler that forwards the call to UPSTREAM over a keep-alive pool and answers with what came back:
 * no session, no store, no validation, no mapping. What it costs over the bare `node:http` hop is Next.js's own
 * per-request cost; what the portal costs over it is the portal's.
 */
export const dynamic = 'force-dynamic';

async function forward(req) {
  const url = new URL(req.url);
  const answer = await callUpstream({
    method: req.method,
    path: `${url.pathname}${url.search}`,
    authorization: req.headers.get('authorization') ?? '',
    body: req.method === 'GET' ? undefined : await req.text(),
  });
  return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } });
}

export { forward as GET, forward as POST };
