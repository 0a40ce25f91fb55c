import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { authenticate } from './auth';
import type { ApiContext } from './context';
import { FaultInjector } from './faults';
import { checkExchange, recordViolation } from './contract-check';
import { HttpError, problemBody, readBody, send, type Reply } from './http';
import type { ResolvedOptions } from './options';
import { RequestLog } from './request-log';
import { adminRoutes, type AdminContext } from './routes/admin';
import { apiRoutes } from './routes/index';
import { Router } from './router';
import { seedState, type SeededTokens } from './seed';
import type { State } from './state';

const API_PATH = /^\/(?:v3|v3beta1)(\/.*)?$/;
const ADMIN_PATH = /^\/_emulator(\/|$)/;

/**
 * The emulator without its socket: request handling, state, faults and the
 * request log. Order per API request: faults, routing (404/405),
 * authentication (401), then the handler (403, 404, 409, 422).
 */
export class Emulator {
  readonly tokens: SeededTokens;
  readonly faults: FaultInjector;
  readonly log = new RequestLog();
  private state: State;
  private readonly api = new Router<ApiContext>(apiRoutes);
  private readonly admin = new Router<AdminContext>(adminRoutes);

  constructor(private readonly options: ResolvedOptions) {
    const seeded = seedState(options);
    this.state = seeded.state;
    this.tokens = seeded.tokens;
    this.faults = new FaultInjector(options.seed);
    this.faults.set(options.faults);
  }

  /** Back to the seeded enterprise (re-anchored at the current clock), with no faults. */
  reset(): void {
    this.state = seedState(this.options).state;
    this.faults.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = this.options.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const isAdmin = ADMIN_PATH.test(path);
    let rawBody = '';
    let reply: Reply;
    try {
      rawBody = await readBody(req);
      const body = isAdmin ? await this.answerAdmin(method, path, rawBody) : await this.answerApi(method, path, url.searchParams, rawBody, req);
      reply = { status: 200, body };
    } catch (error) {
      const problem = error instanceof HttpError ? error : internalError(error);
      reply = { status: problem.status, body: problemBody(problem, path), headers: problem.extras.headers };
    }
    if (!isAdmin && this.options.contract) {
      const problems = checkExchange({ method, url, userAgent: req.headers['user-agent'], rawBody, status: reply.status, body: reply.body });
      if (problems.length) {
        recordViolation({ method, path, status: reply.status, problems });
        const breach = new HttpError(500, `The emulator's answer breaks the published contract: ${problems.slice(0, 3).join('; ')}`);
        reply = { status: 500, body: problemBody(breach, path) };
      }
    }
    send(res, reply);
    if (!isAdmin) this.log.add({ method, path, status: reply.status, receivedAt, at: this.options.now() });
  }

  private async answerApi(method: string, path: string, query: URLSearchParams, rawBody: string, req: IncomingMessage): Promise<unknown> {
    if (!API_PATH.test(path)) throw new HttpError(404, `No such route: ${path} (the API lives under /v3 and /v3beta1)`);

    const fault = this.faults.decide(method, path);
    if (fault.latencyMs > 0) await delay(fault.latencyMs);
    if (fault.failure) throw injectedFailure(fault.failure);

    // Each route answers under its documented prefix only: a beta route is 404 under /v3, as upstream.
    const match = this.api.match(method, path);
    if (match.kind === 'not-found') throw new HttpError(404, `No such route: ${method} ${path}`);
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, `${method} is not allowed on ${path}`, { headers: { Allow: match.allowed.join(', ') } });
    }
    const nowMs = this.options.now();
    const principal = authenticate(this.state, req.headers.authorization, nowMs);
    return await match.route.handler({ path, params: match.params, query, rawBody, nowMs, state: this.state, principal });
  }

  private async answerAdmin(method: string, path: string, rawBody: string): Promise<unknown> {
    const match = this.admin.match(method, path);
    if (match.kind === 'not-found') throw new HttpError(404, `No such emulator control: ${path}`);
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, `${method} is not allowed on ${path}`, { headers: { Allow: match.allowed.join(', ') } });
    }
    return await match.route.handler({ rawBody, faults: this.faults, log: this.log, seed: this.options.seed, reset: () => this.reset() });
  }
}

function injectedFailure(failure: { status: number; retryAfterSeconds?: number }): HttpError {
  const detail =
    failure.status === 429 ? 'Rate limit exceeded, wait and retry (injected by the emulator)'
    : failure.status >= 500 ? 'The service is temporarily unavailable (injected by the emulator)'
    : `Failure injected by the emulator`;
  const headers = failure.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(failure.retryAfterSeconds) };
  return new HttpError(failure.status, detail, { headers });
}

function internalError(error: unknown): HttpError {
  // A bug in the emulator: say so on stderr, and answer like a server would.
  console.error('[emulator] unhandled error:', error);
  return new HttpError(500, 'Internal emulator error');
}
