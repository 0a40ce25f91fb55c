import 'server-only';
import { currentRequest, runWithRequestContext, type RequestContext } from './context';
import { errorFields, log } from './logger';
import { metrics } from './metrics';

type Segment = { params?: Promise<Record<string, string | string[]>> } | undefined;

/**
 * Serves one API request inside its request context and logs it once when it ends: request id, method, route
 * template, person (id), status and duration; the same figures go to the latency histogram. Used by
 * withPortalRoute; plain route handlers (health, metrics) may use it too.
 */
export async function observeRequest(req: Request, segment: Segment, requestId: string, run: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const ctx: RequestContext = { requestId, method: req.method, route: await routeTemplate(req, segment) };
  let status = 500;
  try {
    const res = await runWithRequestContext(ctx, run);
    status = res.status;
    return res;
  } catch (err) {
    log('http').error({ error: errorFields(err) }, 'request handler threw');
    throw err;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    metrics().httpDuration.observe({ route: ctx.route, method: ctx.method, status: String(status) }, seconds);
    const line = { requestId, method: ctx.method, route: ctx.route, status, durationMs: Math.round(seconds * 1000), ...(ctx.userId && { userId: ctx.userId }) };
    const logger = log('http');
    if (status >= 500) logger.error(line, 'request');
    else if (status >= 400) logger.warn(line, 'request');
    else logger.info(line, 'request');
  }
}

/** Names the signed-in person (their id, never their email) on the request being served. */
export function noteRequestUser(userId: string): void {
  const ctx = currentRequest();
  if (ctx) ctx.userId = userId;
}

/** `/api/orgs/org-1/sessions/s-2` with params { orgId, sessionId } → `/api/orgs/[orgId]/sessions/[sessionId]`. */
export async function routeTemplate(req: Request, segment: Segment): Promise<string> {
  const path = new URL(req.url).pathname;
  // Next passes no params at all to routes without dynamic segments.
  const params: Record<string, string | string[]> = (await Promise.resolve(segment?.params).catch(() => undefined)) ?? {};
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) continue;
    byValue.set(encodeURIComponent(value), `[${name}]`);
    byValue.set(value, `[${name}]`);
  }
  const catchAll = Object.entries(params).find(([, v]) => Array.isArray(v));
  let parts = path.split('/').map((part) => byValue.get(part) ?? part);
  if (catchAll) {
    const n = (catchAll[1] as string[]).length;
    parts = [...parts.slice(0, parts.length - n), `[...${catchAll[0]}]`];
  }
  return parts.join('/');
}
