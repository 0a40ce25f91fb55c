import 'server-only';
import type { z } from 'zod';
import { resolveAccess, type ResolvedAccess } from '@/lib/access/resolve';
import { getCurrentUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { env } from '@/lib/env';
import { noteRequestUser, observeRequest } from '@/lib/observability/request';
import { ApiError, fromZodError, toErrorResponse } from './errors';
import { rateLimited, takeToken } from './rate-limit';
import { withTransportSecurity } from './transport-security';
import { ROUTE_TABLE, type GuardedRouteKey } from './route-table';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface RouteConfig<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** The route's row in lib/api/route-table.ts ("METHOD /api/path"): it says which relation the caller needs. */
  route: GuardedRouteKey;
  params?: P;
  query?: Q;
  body?: B;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  user: PortalUser;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  /** The resources in the path and the person's standing with each, resolved and checked before the handler runs. */
  access: ResolvedAccess;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * The one wrapper every portal route handler goes through, in this order: per-address limit (429), session
 * (401), per-person limit (429), same-origin check on writes (403), path parameters (422), the route table's
 * relation to the path's org / session / service user / key / request (404 when the person may not see it,
 * 403 when they may see but not do this), then query and body (400/422), then the handler. Errors map to
 * the portal's envelope; API responses are never cached.
 */
export function withPortalRoute<P extends z.ZodType = never, Q extends z.ZodType = never, B extends z.ZodType = never>(
  config: RouteConfig<P, Q, B>,
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Response>,
) {
  const rule = ROUTE_TABLE[config.route];
  return async (req: Request, segment: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const requestId = crypto.randomUUID();
    // Every answer, the handler's or an error envelope, carries HSTS when the portal is served over https.
    return observeRequest(req, segment, requestId, async () => withTransportSecurity(await serve(req, segment, requestId)));
  };

  async function serve(req: Request, segment: { params: Promise<Record<string, string | string[]>> }, requestId: string): Promise<Response> {
    try {
      await limitAddress(req);
      const user = await getCurrentUser();
      if (!user) throw new ApiError('unauthorized', 'Sign in to use the portal.');
      noteRequestUser(user.id);
      await limitPerson(user);
      if (MUTATING.has(req.method)) assertSameOrigin(req);
      const params = parseWith(config.params, await segment.params, 'params');
      const access = await resolveAccess(user, rule.relation, (params ?? {}) as Record<string, string>);
      const query = parseWith(config.query, Object.fromEntries(new URL(req.url).searchParams), 'query');
      const body = config.body ? parseWith(config.body, await readJson(req), 'body') : undefined;
      const res = await handler({ req, user, params, query, body, requestId, access } as RouteContext<Infer<P>, Infer<Q>, Infer<B>>);
      return await finishResponse(res, requestId);
    } catch (err) {
      return toErrorResponse(err, requestId);
    }
  }
}

/**
 * Below this size gzip saves at most a few packets and costs more than it saves: Next compresses every streamed
 * response (it never knows a route's length), so small JSON answers are marked `no-transform`, which its
 * compression honours. Larger ones, and streams such as the audit export, are still compressed.
 */
export const COMPRESS_FROM_BYTES = 8 * 1024;

/** API answers are never cached; each carries its request id; small JSON bodies go out uncompressed. */
async function finishResponse(res: Response, requestId: string): Promise<Response> {
  res.headers.set('Cache-Control', 'no-store');
  res.headers.set('X-Request-ID', requestId);
  if (!res.body || !res.headers.get('content-type')?.startsWith('application/json')) return res;
  const body = await res.arrayBuffer();
  if (body.byteLength < COMPRESS_FROM_BYTES) res.headers.set('Cache-Control', 'no-store, no-transform');
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/**
 * The client's address: X-Forwarded-For read from the right, skipping the configured trusted proxies
 * (TRUSTED_PROXY_HOPS). With no proxy in front, Next.js sets the header from the socket when the client
 * did not send one; deploy behind a proxy that overwrites it, or the address limit can be dodged.
 */
export function clientAddress(req: Request): string {
  const hops = env().TRUSTED_PROXY_HOPS;
  const chain = (req.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return chain[Math.max(0, chain.length - 1 - hops)] ?? 'unknown';
}

/** Per-address token bucket; exported for the public routes that do not go through the wrapper. */
export async function limitAddress(req: Request): Promise<void> {
  const config = env();
  const verdict = await takeToken(`addr:${clientAddress(req)}`, {
    label: 'requests per address',
    perMinute: config.RATE_LIMIT_ADDRESS_PER_MINUTE,
    burst: config.RATE_LIMIT_ADDRESS_BURST,
  });
  if (!verdict.ok) throw rateLimited('requests per address', config.RATE_LIMIT_ADDRESS_PER_MINUTE, verdict.retryAfterSeconds);
}

async function limitPerson(user: PortalUser): Promise<void> {
  const config = env();
  const verdict = await takeToken(`person:${user.id}`, {
    label: 'requests per person',
    perMinute: config.RATE_LIMIT_PERSON_PER_MINUTE,
    burst: config.RATE_LIMIT_PERSON_BURST,
  });
  if (!verdict.ok) throw rateLimited('requests per person', config.RATE_LIMIT_PERSON_PER_MINUTE, verdict.retryAfterSeconds);
}

function parseWith(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'params') {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, where);
  return parsed.data;
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'The request body is not valid JSON.');
  }
}

/** Writes must come from the portal's own pages: a browser always sends Origin on cross-site POST/PUT/PATCH/DELETE. */
function assertSameOrigin(req: Request) {
  const origin = req.headers.get('origin');
  const expected = new URL(env().NEXTAUTH_URL).origin;
  if (origin !== expected) {
    throw new ApiError('forbidden', 'Cross-origin requests cannot change anything in the portal.');
  }
}
