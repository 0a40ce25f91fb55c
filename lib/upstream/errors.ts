import 'server-only';

/** The portal's reading of an upstream failure (a subset of the portal's closed error-code set). */
export type UpstreamErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'bad_request'
  | 'unprocessable_entity'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_timeout';

/** One field-level complaint; `field` is a dotted path (`tags.3`, `time_before`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface UpstreamErrorInit {
  /** Upstream HTTP status; 0 when no response arrived (network failure, timeout). */
  status: number;
  code: UpstreamErrorCode;
  message: string;
  /** Method and path template, e.g. `GET /v3/enterprise/organizations/{org_id}`. */
  route: string;
  upstreamMessage?: string | null;
  requestId?: string | null;
  retryAfterSeconds?: number;
  missingPermission?: string;
  fieldErrors?: FieldError[];
  cause?: unknown;
}

/** Any failed Devin call. Never carries the token: messages are built from the route template and the upstream's own text. */
export class UpstreamError extends Error {
  readonly status: number;
  readonly code: UpstreamErrorCode;
  readonly route: string;
  /** The upstream's own explanation (ProblemDetail/FastAPI `detail`), secrets scrubbed; null when it gave none. */
  readonly upstreamMessage: string | null;
  /** The upstream's request id when it sent one, else the `X-Request-ID` we sent; null if nothing was sent. */
  readonly requestId: string | null;
  readonly retryAfterSeconds?: number;
  readonly missingPermission?: string;
  readonly fieldErrors?: FieldError[];

  constructor(init: UpstreamErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'UpstreamError';
    this.status = init.status;
    this.code = init.code;
    this.route = init.route;
    this.upstreamMessage = init.upstreamMessage ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.missingPermission = init.missingPermission;
    this.fieldErrors = init.fieldErrors;
  }
}

/**
 * Input refused by the client before anything was sent (zod validation of path params, query or body).
 * It is an `UpstreamError` with status 422 / `unprocessable_entity` (what Devin would have answered), so
 * the portal's error mapping treats it alike; `fieldErrors` name the caller's camelCase fields; `requestId` is null.
 */
export class InputError extends UpstreamError {
  constructor(route: string, fieldErrors: FieldError[]) {
    const first = fieldErrors[0];
    const summary = first ? `${first.field}: ${first.message}` : 'invalid input';
    super({ status: 422, code: 'unprocessable_entity', route, message: `${route}: invalid input: ${summary}`, fieldErrors });
    this.name = 'InputError';
  }
}

function codeForStatus(status: number): UpstreamErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 408:
      return 'upstream_timeout';
    case 409:
      return 'conflict';
    case 422:
      return 'unprocessable_entity';
    case 429:
      return 'rate_limited';
    default:
      return 'upstream_error';
  }
}

const MAX_MESSAGE_CHARS = 300;

/** v3 credentials all start with `cog_`; an upstream that echoes one back must not get it into our logs. */
function scrub(text: string): string {
  const clean = text.replace(/cog_[A-Za-z0-9_-]+/g, 'cog_[redacted]').replace(/\s+/g, ' ').trim();
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS)}…` : clean;
}

interface ParsedBody {
  message: string | null;
  fieldErrors: FieldError[];
}

/**
 * Reads both documented error bodies: RFC 9457 ProblemDetail (`title`, `detail`, `errors`) and FastAPI
 * (`{detail: string}` or `{detail: [{loc, msg, type}]}`). Anything else yields no message, never raw text.
 */
function parseErrorBody(text: string): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: null, fieldErrors: [] };
  }
  if (!isRecord(body)) return { message: null, fieldErrors: [] };
  const { detail, title, errors } = body;
  const fieldErrors = [...toFieldErrors(errors), ...toFieldErrors(detail)];
  const headline = typeof detail === 'string' && detail.trim() ? detail : typeof title === 'string' && title.trim() ? title : null;
  const first = fieldErrors[0];
  const message = headline ?? (first ? `${first.field}: ${first.message}` : null);
  return { message: message === null ? null : scrub(message), fieldErrors };
}

function toFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => {
    const loc = Array.isArray(e.loc) ? e.loc : typeof e.field === 'string' ? [e.field] : [];
    const segments = loc.map(String);
    // FastAPI prefixes the location (`body`, `query`, `path`); the field is what follows.
    if (segments.length > 1 && ['body', 'query', 'path', 'header'].includes(segments[0]!)) segments.shift();
    const message = typeof e.msg === 'string' ? e.msg : typeof e.message === 'string' ? e.message : 'is invalid';
    return { field: segments.join('.') || 'body', message: scrub(message) };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "Missing permission: ManageOrganizations (or …)" → "ManageOrganizations". */
function parseMissingPermission(message: string | null): string | undefined {
  return message?.match(/missing permission[s]?:?\s*([A-Za-z][A-Za-z0-9_]*)/i)?.[1];
}

/** Builds the error for a non-2xx response. */
export function errorFromResponse(r: {
  route: string;
  status: number;
  statusText: string;
  bodyText: string;
  requestId: string;
  retryAfterSeconds?: number;
}): UpstreamError {
  const { message, fieldErrors } = parseErrorBody(r.bodyText);
  const code = codeForStatus(r.status);
  const reason = message ?? (r.statusText || 'no explanation given');
  return new UpstreamError({
    status: r.status,
    code,
    route: r.route,
    message: `${r.route}: HTTP ${r.status}: ${reason}`,
    upstreamMessage: message,
    requestId: r.requestId,
    retryAfterSeconds: r.retryAfterSeconds,
    missingPermission: r.status === 403 ? parseMissingPermission(message) : undefined,
    fieldErrors: fieldErrors.length ? fieldErrors : undefined,
  });
}

/** One sentence a person can act on, chosen by code. */
export function describeUpstreamError(err: UpstreamError): string {
  const detail = err.upstreamMessage ? `: ${err.upstreamMessage}` : '.';
  switch (err.code) {
    case 'unauthorized':
      return "The portal's Devin token was rejected (expired or revoked); an administrator must replace DEVIN_SERVICE_USER_TOKEN.";
    case 'forbidden':
      return err.missingPermission
        ? `The portal's Devin service user is missing permission ${err.missingPermission}.`
        : "The portal's Devin service user is not allowed to do this.";
    case 'not_found':
      return `Devin could not find it${detail}`;
    case 'conflict':
      return `Devin refused because of a conflict${detail}`;
    case 'bad_request':
    case 'unprocessable_entity': {
      const first = err.fieldErrors?.[0];
      const what = first ? `: ${first.field}: ${first.message}` : detail;
      return err instanceof InputError ? `The request is invalid${what}` : `Devin rejected the request${what}`;
    }
    case 'rate_limited':
      return err.retryAfterSeconds !== undefined
        ? `Devin is rate limiting; try again in ${err.retryAfterSeconds} s.`
        : 'Devin is rate limiting; try again in a moment.';
    case 'upstream_timeout':
      return 'Devin did not answer in time; try again shortly.';
    case 'upstream_error':
      if (err.status >= 200 && err.status < 300) {
        return 'Devin answered in a shape the portal does not understand; the portal may need an update.';
      }
      return err.status === 0 || err.status >= 500
        ? 'Devin is not reachable right now; try again shortly.'
        : `Devin refused the request (HTTP ${err.status})${detail}`;
  }
}
