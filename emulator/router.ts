export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route<Ctx> {
  method: Method;
  /** Path with `:name` segments, e.g. `/enterprise/organizations/:org_id`. */
  pattern: string;
  /** Returns the 200 JSON body; failures are thrown as HttpError. */
  handler: (ctx: Ctx) => unknown;
}

export type RouteMatch<Ctx> =
  | { kind: 'found'; route: Route<Ctx>; params: Record<string, string> }
  /** The path exists, but not for this method: 405 with Allow. */
  | { kind: 'method-not-allowed'; allowed: Method[] }
  | { kind: 'not-found' };

/** A plain segment matcher: the route table is small and has no ambiguous patterns. */
export class Router<Ctx> {
  private readonly table: { route: Route<Ctx>; segments: string[] }[];

  constructor(routes: readonly Route<Ctx>[]) {
    this.table = routes.map((route) => ({ route, segments: split(route.pattern) }));
  }

  match(method: string, path: string): RouteMatch<Ctx> {
    const segments = split(path);
    const allowed: Method[] = [];
    for (const { route, segments: pattern } of this.table) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = segments[i]!;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
