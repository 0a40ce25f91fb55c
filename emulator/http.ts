import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/** One FastAPI-style field error, as carried in a 422's `errors`. */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Thrown anywhere in a handler; the server turns it into a ProblemDetail response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function unprocessable(errors: FieldError[]): HttpError {
  const [first] = errors;
  const summary = first ? `${first.loc.join('.')}: ${first.msg}` : 'Invalid request';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new HttpError(422, `Validation failed: ${summary}${more}`, { errors });
}

/** A 422 about one field, e.g. an id in the body that names nothing usable. */
export function invalidField(loc: (string | number)[], msg: string): HttpError {
  return unprocessable([{ loc, msg, type: 'value_error' }]);
}

/** The value, or a 404 naming what was not found. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new HttpError(404, `${what} not found`);
  return value;
}

/** One answer: 200 with JSON, or a ProblemDetail with its status (and headers such as Retry-After). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** RFC 9457 ProblemDetail, in the shape the v3 API documents (doc §10). */
export function problemBody(error: HttpError, instance: string) {
  return {
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    instance,
    ...(error.extras.errors && { errors: error.extras.errors }),
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': reply.status < 300 ? 'application/json' : 'application/problem+json',
    'Content-Length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

const MAX_BODY_BYTES = 1_048_576;

/** The whole request body as text; 413 past 1 MiB so a runaway client cannot fill memory. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
