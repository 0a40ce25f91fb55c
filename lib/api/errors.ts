import 'server-only';
import { errorFields, log } from '@/lib/observability/logger';
import { z } from 'zod';
import { UpstreamError, describeUpstreamError } from '@/lib/upstream/errors';
import { ERROR_STATUS, type ErrorCode, type ErrorEnvelope } from './error-codes';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly missingPermission?: string;
  /** For rate_limited: which portal limit was hit (e.g. "requests per person"). */
  readonly limit?: string;

  constructor(code: ErrorCode, message: string, extra: { field?: string; retryAfterSeconds?: number; missingPermission?: string; limit?: string } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = extra.field;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.missingPermission = extra.missingPermission;
    this.limit = extra.limit;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A zod failure as a 422 naming the first offending field. */
export function fromZodError(error: z.ZodError, where: 'body' | 'query' | 'params'): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = field ? `${field}: ${issue?.message}` : `Invalid ${where}: ${issue?.message ?? 'malformed'}`;
  return new ApiError('unprocessable_entity', message, { field });
}

/** Maps any upstream failure onto the portal's own error, with a message a person can act on. */
export function fromUpstreamError(err: UpstreamError): ApiError {
  const message = describeUpstreamError(err);
  const firstField = err.fieldErrors?.[0]?.field;
  switch (err.status) {
    case 404:
      return new ApiError('not_found', message);
    case 409:
      return new ApiError('conflict', message);
    case 400:
    case 422:
      return new ApiError('unprocessable_entity', message, { field: firstField });
    case 429:
      return new ApiError('rate_limited', message, { retryAfterSeconds: err.retryAfterSeconds });
    default:
      // 401/403 are about the portal's own token: the person cannot fix them, so they are upstream errors.
      return new ApiError(err.code === 'upstream_timeout' ? 'upstream_timeout' : 'upstream_error', message, {
        missingPermission: err.missingPermission,
      });
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof UpstreamError) return fromUpstreamError(err);
  if (err instanceof z.ZodError) return fromZodError(err, 'body');
  return new ApiError('internal_error', 'Something went wrong on our side. Try again; if it keeps failing, tell the platform team.');
}

/** Writes the error envelope. Server errors are logged with the request id; their details never reach the client. */
export function toErrorResponse(err: unknown, requestId: string): Response {
  const apiError = toApiError(err);
  if (apiError.status >= 500) {
    log('api').error({ requestId, code: apiError.code, error: errorFields(err) }, 'request failed on the server');
  }
  const body: ErrorEnvelope = {
    error: {
      code: apiError.code,
      message: apiError.message,
      ...(apiError.field && { field: apiError.field }),
      ...(apiError.retryAfterSeconds !== undefined && { retryAfterSeconds: apiError.retryAfterSeconds }),
      ...(apiError.missingPermission && { missingPermission: apiError.missingPermission }),
      ...(apiError.limit && { limit: apiError.limit }),
      requestId,
    },
  };
  // An error body is a few hundred bytes: not worth compressing (see COMPRESS_FROM_BYTES in route.ts).
  const headers = new Headers({ 'Cache-Control': 'no-store, no-transform' });
  if (apiError.retryAfterSeconds !== undefined) headers.set('Retry-After', String(apiError.retryAfterSeconds));
  if (apiError.limit) headers.set('X-RateLimit-Scope', apiError.limit);
  return Response.json(body, { status: apiError.status, headers });
}
