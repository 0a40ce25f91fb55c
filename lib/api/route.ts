import 'server-only';
import type { z } from 'zod';
import { getCurrentUser } from '@/lib/auth/session';
import type { PortalUser } from '@/lib/auth/types';
import { env } from '@/lib/env';
import { noteRequestUser, observeRequest } from '@/lib/observability/request';
import { can, PERMISSIONS, type PortalAction } from '@/lib/policy/permissions';
import { ApiError, fromZodError, toErrorResponse } from './errors';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface RouteConfig<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** The portal action the caller must be allowed. */
  permission: PortalAction;
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
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * The one wrapper every portal route handler goes through: session (401),
 * same-origin check on writes (403), permission (403), zod parsing of params,
 * query and body (400/422), and error mapping. API responses are never cached.
 */
export function withPortalRoute<P extends z.ZodType = never, Q extends z.ZodType = never, B extends z.ZodType = never>(
  config: RouteConfig<P, Q, B>,
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Response>,
) {
  return async (req: Request, segment: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const requestId = crypto.randomUUID();
    return observeRequest(req, segment, requestId, async () => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new ApiError('unauthorized', 'Sign in to use the portal.');
      noteRequestUser(user.id);
      if (MUTATING.has(req.method)) assertSameOrigin(req);
      if (!can(user, config.permission)) {
        throw new ApiError('forbidden', `You are not allowed to ${PERMISSIONS[config.permission].description.toLowerCase()}.`);
      }
      const params = parseWith(config.params, await segment.params, 'params');
      const query = parseWith(config.query, Object.fromEntries(new URL(req.url).searchParams), 'query');
      const body = config.body ? parseWith(config.body, await readJson(req), 'body') : undefined;
      const res = await handler({ req, user, params, query, body, requestId } as RouteContext<Infer<P>, Infer<Q>, Infer<B>>);
      res.headers.set('Cache-Control', 'no-store');
      res.headers.set('X-Request-ID', requestId);
      return res;
    } catch (err) {
      return toErrorResponse(err, requestId);
    }
    });
  };
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
