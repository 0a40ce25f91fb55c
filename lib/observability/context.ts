import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the portal request being served, for log lines and spans made deeper down. */
export interface RequestContext {
  requestId: string;
  method: string;
  /** The route template, e.g. `/api/orgs/[orgId]/sessions`. */
  route: string;
  /** The person's id (the IdP subject), never their email. */
  userId?: string;
}

// On globalThis: Next bundles instrumentation.ts and the routes separately, and all must share one store.
const holder = globalThis as typeof globalThis & { __portalRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.__portalRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
