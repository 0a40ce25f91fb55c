import { HttpError } from './http';
import { missingPermissionDetail, type Permission } from './permissions';
import type { Method, Route } from './router';
import type { ServiceUser, State } from './state';

/** The authenticated caller: always a service user (v3 has no other principal the emulator models). */
export interface Principal {
  serviceUser: ServiceUser;
}

/** What every `/v3` and `/v3beta1` handler receives. */
export interface ApiContext {
  /** The full request path, used as the ProblemDetail `instance`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  rawBody: string;
  nowMs: number;
  state: State;
  principal: Principal;
}

export function apiRoute(method: Method, pattern: string, handler: (ctx: ApiContext) => unknown): Route<ApiContext> {
  return { method, pattern, handler };
}

export function nowSeconds(ctx: ApiContext): number {
  return Math.floor(ctx.nowMs / 1000);
}

export function param(ctx: ApiContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`Route has no :${name} parameter`);
  return value;
}

/** 403 naming the permission unless the caller holds one of `anyOf`, at enterprise level or in `orgId`. */
export function requirePermission(ctx: ApiContext, anyOf: Permission | readonly Permission[], orgId: string | null = null): void {
  const wanted = typeof anyOf === 'string' ? [anyOf] : anyOf;
  const held = ctx.state.permissionsOf(ctx.principal.serviceUser.assignments, orgId);
  if (!wanted.some((p) => held.has(p))) throw new HttpError(403, missingPermissionDetail(wanted));
}
