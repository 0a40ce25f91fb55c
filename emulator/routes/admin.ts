import { failNextSchema, faultConfigSchema, type FaultInjector } from '../faults';
import type { RequestLog } from '../request-log';
import type { Method, Route } from '../router';
import { parseBody } from '../validation';

/** The emulator's own controls: loopback tooling for tests and demos, no auth, never faulted. */
export interface AdminContext {
  rawBody: string;
  faults: FaultInjector;
  log: RequestLog;
  seed: number;
  reset(): void;
}

function adminRoute(method: Method, pattern: string, handler: (ctx: AdminContext) => unknown): Route<AdminContext> {
  return { method, pattern: `/_emulator${pattern}`, handler };
}

export const adminRoutes = [
  adminRoute('GET', '/health', (ctx) => ({ status: 'ok', seed: ctx.seed })),
  adminRoute('GET', '/faults', (ctx) => ctx.faults.get()),
  adminRoute('PUT', '/faults', (ctx) => {
    ctx.faults.set(parseBody(ctx.rawBody, faultConfigSchema));
    return ctx.faults.get();
  }),
  adminRoute('DELETE', '/faults', (ctx) => {
    ctx.faults.clear();
    return ctx.faults.get();
  }),
  adminRoute('POST', '/fail-next', (ctx) => {
    const rule = parseBody(ctx.rawBody, failNextSchema);
    ctx.faults.failNext(rule);
    return { queued: rule };
  }),
  adminRoute('GET', '/requests', (ctx) => ({ items: ctx.log.list() })),
  adminRoute('DELETE', '/requests', (ctx) => {
    ctx.log.clear();
    return { cleared: true };
  }),
  adminRoute('POST', '/reset', (ctx) => {
    ctx.reset();
    return { status: 'reset' };
  }),
];
