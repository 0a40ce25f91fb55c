import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/*
 * The vendored Devin v3 contract (contract/devin-v3/routes/*.json): one OpenAPI 3.1
 * fragment per route the portal calls, transcribed from Devin's published docs pages
 * and its generated SDK models (each file lists its sources in `x-sources`). Neither
 * the portal's client nor the emulator was written from it, which is the point.
 *
 * Checking is strict on purpose: every object is closed (a field the spec does not
 * list is a violation), required fields must be present, types and enums must match.
 */

export interface ContractRoute {
  method: string;
  /** Path template as documented, e.g. `/v3/enterprise/organizations/{org_id}`. */
  path: string;
  file: string;
  tokenType: string;
  permission: string;
  sources: string[];
}

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: Record<string, unknown>;
}

interface LoadedRoute extends ContractRoute {
  /** The documented 200 schema and the fragment's components, as published (for building examples). */
  responseSchema: Record<string, unknown>;
  components: Record<string, Record<string, unknown>>;
  matcher: RegExp;
  parameters: Parameter[];
  response: ValidateFunction;
  problem: ValidateFunction;
  body?: ValidateFunction;
  queryParam: Map<string, ValidateFunction>;
}

const ROUTES_DIR = new URL('./devin-v3/routes/', import.meta.url);

type Json = Record<string, unknown>;

/** Every object schema that lists properties and says nothing about others gets `additionalProperties: false`. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === 'properties' ? mapValues(v as Json, closeObjects) : closeObjects(v);
  if (out.type === 'object' && out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

function mapValues(o: Json, f: (v: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

function templateMatcher(path: string): RegExp {
  const body = path
    .split('/')
    .map((seg) => (/^\{\w+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`);
}

export class Contract {
  readonly routes: LoadedRoute[];

  constructor() {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    this.routes = readdirSync(ROUTES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => {
        const fragment = JSON.parse(readFileSync(new URL(file, ROUTES_DIR), 'utf8')) as Json;
        const published = (fragment.components as { schemas: Record<string, Json> }).schemas;
        const components = closeObjects(fragment.components) as Json;
        const [[path, ops]] = Object.entries(fragment.paths as Json) as [[string, Json]];
        const [[method, op]] = Object.entries(ops) as [[string, Json]];
        const opJson = op as {
          'x-token-type': string;
          'x-permission': string;
          parameters?: Parameter[];
          requestBody?: { content: { 'application/json': { schema: Json } } };
          responses: Record<string, { content: Record<string, { schema: Json }> }>;
        };
        const compile = (schema: Json) => ajv.compile({ ...(closeObjects(schema) as Json), components });
        const parameters = opJson.parameters ?? [];
        return {
          method: method.toUpperCase(),
          path,
          file,
          tokenType: opJson['x-token-type'],
          permission: opJson['x-permission'],
          sources: fragment['x-sources'] as string[],
          responseSchema: opJson.responses['200']!.content['application/json']!.schema,
          components: published,
          matcher: templateMatcher(path),
          parameters,
          response: compile(opJson.responses['200']!.content['application/json']!.schema),
          problem: compile(opJson.responses.default!.content['application/problem+json']!.schema),
          body: opJson.requestBody ? compile(opJson.requestBody.content['application/json'].schema) : undefined,
          queryParam: new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, compile(p.schema)])),
        };
      });
  }

  /** The documented route a concrete request path belongs to (templates match one segment per `{name}`). */
  find(method: string, path: string): LoadedRoute | undefined {
    const m = method.toUpperCase();
    return this.routes.find((r) => r.method === m && r.matcher.test(path));
  }

  /** The documented route with exactly this template. */
  byTemplate(method: string, template: string): LoadedRoute | undefined {
    return this.routes.find((r) => r.method === method.toUpperCase() && r.path === template);
  }

  /** Problems with a response: a 200 against the route's schema, anything else against ProblemDetail. */
  checkResponse(route: LoadedRoute, status: number, body: unknown): string[] {
    const validate = status >= 200 && status < 300 ? route.response : route.problem;
    return validate(body) ? [] : describe(validate, status >= 300 ? 'error body' : 'response');
  }

  /** Problems with a request: query keys and values the spec does not list, a body that does not match. */
  checkRequest(route: LoadedRoute, query: URLSearchParams, body: unknown): string[] {
    const problems: string[] = [];
    for (const key of new Set(query.keys())) {
      const validate = route.queryParam.get(key);
      if (!validate) {
        problems.push(`query: ${key} is not a documented parameter`);
        continue;
      }
      const values = query.getAll(key);
      const param = route.parameters.find((p) => p.name === key)!;
      const value = acceptsArray(param.schema) ? values.map((v) => coerce(v, param.schema)) : coerce(values.at(-1)!, param.schema);
      if (!validate(value)) problems.push(...describe(validate, `query ${key}`));
    }
    if (route.body && body !== undefined && !route.body(body)) problems.push(...describe(route.body, 'body'));
    if (!route.body && body !== undefined) problems.push('body: this route takes no body');
    return problems;
  }
}

function acceptsArray(schema: Json): boolean {
  return JSON.stringify(schema).includes('"type":"array"');
}

/** Query strings are text: read a value the way the server would for its declared type. */
function coerce(raw: string, schema: Json): unknown {
  const text = JSON.stringify(schema);
  if (text.includes('"type":"integer"') && /^-?\d+$/.test(raw)) return Number(raw);
  if (text.includes('"type":"boolean"') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function describe(validate: ValidateFunction, where: string): string[] {
  return (validate.errors ?? []).map((e) => {
    const at = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
    return `${where} ${at}: ${e.message ?? e.keyword}${extra}`;
  });
}

let shared: Contract | undefined;

/** One loaded contract per process. */
export function devinContract(): Contract {
  return (shared ??= new Contract());
}
