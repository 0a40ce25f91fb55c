import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';
import { DEMO_PEOPLE } from '../../demo/directory';
import { demoOrgId, demoUserId } from '../../emulator/ids';
import { RELATIONS, ROUTE_TABLE, type Relation, type RouteKey } from '../../lib/api/route-table';
import { DEMO, expect, signInAs, test } from './fixtures';

/*
 * The authorization matrix: every route of the route table × {anonymous, outsider, member, org admin, portal
 * admin} × {own org, other org}, through the real handlers under `next start`, with sign-in cookies each
 * persona got from the real local IdP (once per persona). Writes that would change something are sent with
 * a body (or query) the route refuses *after* authorization (422), so an allowed cell proves the relation
 * held without writing; the few bodiless writes act on throw-away resources made for the cell.
 */

type Persona = 'anonymous' | 'outsider' | 'member' | 'orgAdmin' | 'portalAdmin';
type Kind = 'own' | 'other';
/** 'allow': past authorization (2xx, or the handler's own 409/422); a number: exactly that denial. */
type Expected = 'allow' | 401 | 403 | 404;

const PERSONAS: Persona[] = ['anonymous', 'outsider', 'member', 'orgAdmin', 'portalAdmin'];
const EMAIL: Record<Exclude<Persona, 'anonymous'>, string> = {
  outsider: DEMO.newJoiner, // dave: in no Devin org
  member: DEMO.member, // carol: Org Member of Data
  orgAdmin: DEMO.lead, // bob: Org Admin of Payments (and Org Member of Mobile Apps)
  portalAdmin: DEMO.admin, // alice: portal admin (and Org Admin of Platform)
};
const ORG_KEYS: Record<Persona, Record<Kind, string>> = {
  anonymous: { own: 'data', other: 'payments' },
  outsider: { own: 'data', other: 'payments' },
  member: { own: 'data', other: 'payments' },
  orgAdmin: { own: 'payments', other: 'data' },
  portalAdmin: { own: 'platform', other: 'data' },
};
const orgOf = (p: Persona, k: Kind) => demoOrgId(ORG_KEYS[p][k]);

/** What the relation means for each persona and org: the matrix's expectations, derived, never listed by hand. */
function expected(relation: Relation, persona: Persona, kind: Kind): Expected {
  if (persona === 'anonymous') return 401;
  const admin = persona === 'portalAdmin';
  const memberHere = kind === 'own' && (persona === 'member' || persona === 'orgAdmin' || persona === 'portalAdmin');
  const adminHere = kind === 'own' && (persona === 'orgAdmin' || persona === 'portalAdmin');
  switch (relation) {
    case 'public':
    case 'signed-in':
      return 'allow';
    case 'portal-admin':
      return admin ? 'allow' : 403;
    case 'org-member':
    case 'session-viewer':
    case 'org-session-starter': // carol's Org Member role may run sessions
      return admin || memberHere ? 'allow' : 404;
    case 'org-admin':
    case 'service-user-manager':
    case 'key-manager':
    case 'session-steerer': // the matrix's sessions were started by nobody in it: only admins steer them
      if (admin || adminHere) return 'allow';
      return memberHere ? 403 : 404;
    case 'request-viewer':
      return kind === 'own' || admin ? 'allow' : 404;
    case 'requester':
      if (kind === 'own') return 'allow';
      return admin ? 403 : 404;
  }
}

interface Cell {
  persona: Persona;
  kind: Kind;
}
interface Call {
  path: string;
  query?: string;
  data?: unknown;
}

/** Throw-away resources the matrix acts on, made straight in the emulator. */
interface World {
  sessions: Map<string, string>;
  serviceUsers: Map<string, { id: string; keyId: string }>;
  requests: Map<Persona, string>;
  madeOrgs: string[];
  addedMembers: { orgId: string; userId: string }[];
}

const devin = async (path: string, method = 'GET', body?: unknown) => {
  const res = await fetch(`${process.env.E2E_EMULATOR_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer ${process.env.DEVIN_SERVICE_USER_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
};

/** People in none of the matrix's orgs, handed out one per DELETE-member cell. */
const MATRIX_ORG_KEYS = new Set(['data', 'payments', 'platform']);
const spareMembers = DEMO_PEOPLE.filter((p) => !p.featured && p.orgs.every((o) => !MATRIX_ORG_KEYS.has(o.org)));

const INVALID = { __invalid: true };

/** How each route is called for one cell: its path, and a body or query refused after authorization. */
function callFor(route: RouteKey, cell: Cell, world: World): () => Promise<Call> {
  const org = orgOf(cell.persona, cell.kind);
  const session = world.sessions.get(org)!;
  const su = world.serviceUsers.get(org)!;
  const other: Persona = cell.persona === 'orgAdmin' ? 'member' : 'orgAdmin';
  const request = world.requests.get(requestKind(route, cell) === 'own' ? cell.persona : other) ?? world.requests.get(other)!;
  const fixed = (c: Call) => () => Promise.resolve(c);
  switch (route) {
    case 'GET /api/me':
    case 'GET /api/orgs':
    case 'GET /api/org-requests':
      return fixed({ path: route.slice(4) });
    case 'GET /api/audit/export':
      return fixed({ path: '/api/audit/export', query: 'range=7d' });
    case 'GET /api/sessions':
      return fixed({ path: '/api/sessions', query: `org=${org}` });
    case 'POST /api/orgs':
    case 'POST /api/sessions/batch':
    case 'POST /api/admin/sign-ins/revoke':
      return fixed({ path: route.slice(5), data: INVALID });
    case 'GET /api/admin/alerts':
    case 'POST /api/admin/alerts/test':
      return fixed({ path: route.slice(route.indexOf(' ') + 1) });
    case 'POST /api/admin/jobs/[jobId]/retry':
      return fixed({ path: '/api/admin/jobs/no-such-job/retry' });
    case 'GET /api/orgs/[orgId]':
    case 'GET /api/orgs/[orgId]/members':
    case 'GET /api/orgs/[orgId]/service-users':
      return fixed({ path: route.slice(route.indexOf(' ') + 1).replace('[orgId]', org) });
    case 'GET /api/consumption/orgs/[orgId]':
      return fixed({ path: `/api/consumption/orgs/${org}`, query: 'range=7d' });
    case 'PATCH /api/orgs/[orgId]':
    case 'POST /api/orgs/[orgId]/members':
    case 'POST /api/orgs/[orgId]/service-users':
    case 'POST /api/orgs/[orgId]/sessions':
      return fixed({ path: route.slice(route.indexOf(' ') + 1).replace('[orgId]', org), data: INVALID });
    case 'DELETE /api/orgs/[orgId]':
      // Deleting is for portal admins whatever the org: each cell gets an org of its own to delete.
      return async () => {
        const made = (await devin('/v3/enterprise/organizations', 'POST', { name: `Matrix ${randomBytes(4).toString('hex')}` }))!;
        world.madeOrgs.push(String(made.org_id));
        return { path: `/api/orgs/${String(made.org_id)}` };
      };
    case 'DELETE /api/orgs/[orgId]/members/[userId]':
      // A fresh member for each cell, so an allowed removal really removes someone (204) and a denied one removes nobody.
      return async () => {
        const person = spareMembers.pop();
        if (!person) throw new Error('the matrix ran out of spare demo people');
        const userId = demoUserId(person.key);
        await devin(`/v3/enterprise/organizations/${org}/members/users/${userId}`, 'POST', { role_id: 'role-org-member' });
        world.addedMembers.push({ orgId: org, userId });
        return { path: `/api/orgs/${org}/members/${userId}` };
      };
    case 'PATCH /api/orgs/[orgId]/service-users/[serviceUserId]':
      return fixed({ path: `/api/orgs/${org}/service-users/${su.id}`, data: INVALID });
    case 'DELETE /api/orgs/[orgId]/service-users/[serviceUserId]':
      // A throw-away service user per cell, so an allowed removal removes it and later cells keep theirs.
      return async () => {
        const made = (await devin(`/v3beta1/organizations/${org}/service-users`, 'POST', {
          name: `matrix-${randomBytes(4).toString('hex')}`,
          role_id: 'role-org-member',
          ttl_seconds: 3600,
        }))!;
        const id = String((made.service_user as { service_user_id: string }).service_user_id);
        return { path: `/api/orgs/${org}/service-users/${id}` };
      };
    case 'POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys':
      return fixed({ path: `/api/orgs/${org}/service-users/${su.id}/keys`, data: INVALID });
    case 'POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]/rotate':
      return fixed({ path: `/api/orgs/${org}/service-users/${su.id}/keys/${su.keyId}/rotate`, data: INVALID });
    case 'DELETE /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]':
      // The first allowed cell revokes the key; later allowed ones get Devin's 409 (already revoked).
      return fixed({ path: `/api/orgs/${org}/service-users/${su.id}/keys/${su.keyId}` });
    case 'GET /api/orgs/[orgId]/sessions/[sessionId]':
    case 'GET /api/orgs/[orgId]/sessions/[sessionId]/messages':
    case 'POST /api/orgs/[orgId]/sessions/[sessionId]/archive':
      return fixed({ path: route.slice(route.indexOf(' ') + 1).replace('[orgId]', org).replace('[sessionId]', session) });
    case 'DELETE /api/orgs/[orgId]/sessions/[sessionId]':
      return fixed({ path: `/api/orgs/${org}/sessions/${session}`, query: 'archive=perhaps' });
    case 'POST /api/orgs/[orgId]/sessions/[sessionId]/messages':
    case 'POST /api/orgs/[orgId]/sessions/[sessionId]/tags':
    case 'PUT /api/orgs/[orgId]/sessions/[sessionId]/tags':
      return fixed({ path: route.slice(route.indexOf(' ') + 1).replace('[orgId]', org).replace('[sessionId]', session), data: INVALID });
    case 'GET /api/org-requests/[requestId]':
    case 'POST /api/org-requests/[requestId]/retry':
    case 'POST /api/org-requests/[requestId]/withdraw':
      return fixed({ path: route.slice(route.indexOf(' ') + 1).replace('[requestId]', request) });
    case 'POST /api/org-requests/[requestId]/approve':
    case 'POST /api/org-requests/[requestId]/reject':
      return fixed({ path: route.slice(route.indexOf(' ') + 1).replace('[requestId]', request), data: { reason: 42 } });
    default:
      throw new Error(`the matrix has no call for ${route}`);
  }
}

/**
 * Whose org request a request route is called with: the persona's own, or someone else's. Devin does not know
 * the outsider, so they cannot file one (the portal refuses): both of their cells use someone else's.
 */
function requestKind(route: RouteKey, cell: Cell): Kind {
  return route.includes('[requestId]') && cell.persona === 'outsider' ? 'other' : cell.kind;
}

/** Where the lib narrows a relation further, the expectation says so (and why). */
function expectedFor(route: RouteKey, given: Cell): Expected {
  const cell = { ...given, kind: requestKind(route, given) };
  if (route === 'GET /api/sessions') return expected('org-member', cell.persona, cell.kind); // ?org= scopes it to one org
  // Past authorization, the handler answers 404 for a job id that names no failed job (everyone else gets 401/403).
  if (route === 'POST /api/admin/jobs/[jobId]/retry' && cell.persona === 'portalAdmin') return 404;
  if (route === 'POST /api/org-requests/[requestId]/retry' && cell.persona !== 'anonymous') {
    // Retrying what an admin must approve is for another admin: the requester gets 403, even when a portal admin.
    if (cell.kind === 'own') return 403;
    return cell.persona === 'portalAdmin' ? 'allow' : 404;
  }
  return expected(ROUTE_TABLE[route].relation, cell.persona, cell.kind);
}

const GUARDED = (Object.keys(ROUTE_TABLE) as RouteKey[]).filter((k) => ROUTE_TABLE[k].relation !== 'public');
// Writes that change a request's state run last, so every other cell sees the requests pending.
const ORDER: RouteKey[] = [
  ...GUARDED.filter((k) => !k.startsWith('POST /api/org-requests/[requestId]/withdraw')),
  'POST /api/org-requests/[requestId]/withdraw',
];

test.describe.serial('authorization matrix', () => {
  const contexts = new Map<Persona, { context: BrowserContext | null; request: APIRequestContext }>();
  const world: World = { sessions: new Map(), serviceUsers: new Map(), requests: new Map(), madeOrgs: [], addedMembers: [] };

  test.beforeAll(async ({ browser, playwright, baseURL }) => {
    test.setTimeout(180_000);
    contexts.set('anonymous', { context: null, request: await playwright.request.newContext({ baseURL }) });
    for (const persona of PERSONAS.filter((p): p is Exclude<Persona, 'anonymous'> => p !== 'anonymous')) {
      contexts.set(persona, await signedIn(browser, EMAIL[persona]));
    }
    for (const key of MATRIX_ORG_KEYS) {
      const org = demoOrgId(key);
      const session = (await devin(`/v3/organizations/${org}/sessions`, 'POST', { prompt: `matrix ${randomBytes(3).toString('hex')}` }))!;
      world.sessions.set(org, String(session.session_id));
      const su = (await devin(`/v3beta1/organizations/${org}/service-users`, 'POST', {
        name: `matrix-${randomBytes(3).toString('hex')}`,
        role_id: 'role-org-viewer',
        ttl_seconds: 86_400,
      }))!;
      const suId = String((su.service_user as { service_user_id: string }).service_user_id);
      const keys = (await devin(`/v3beta1/enterprise/service-users/${suId}/api-keys`))!;
      world.serviceUsers.set(org, { id: suId, keyId: (keys.items as { api_key_id: string }[])[0]!.api_key_id });
    }
    // Each signed-in persona files an org request above the auto-approve limit, so it stays pending.
    for (const persona of ['member', 'orgAdmin', 'portalAdmin'] as const) {
      const res = await contexts.get(persona)!.request.post('/api/orgs', {
        headers: { Origin: baseURL! },
        data: {
          name: `Matrix Request ${randomBytes(3).toString('hex')}`,
          maxCycleAcuLimit: 5_000,
          maxSessionAcuLimit: 20,
          reason: 'Authorization matrix fixture',
          idempotencyKey: randomBytes(12).toString('hex'),
        },
      });
      expect(res.status(), `${persona} files a request: ${await res.text()}`).toBe(202);
      world.requests.set(persona, (await res.json()).request.id);
    }
  });

  test.afterAll(async () => {
    for (const { context, request } of contexts.values()) {
      await request.dispose();
      await context?.close();
    }
    for (const { orgId, userId } of world.addedMembers) await devin(`/v3/enterprise/organizations/${orgId}/members/users/${userId}`, 'DELETE');
    for (const orgId of world.madeOrgs) await devin(`/v3/enterprise/organizations/${orgId}`, 'DELETE');
  });

  test('covers every guarded route of the table', () => {
    expect(ORDER.sort()).toEqual([...GUARDED].sort());
    expect(Object.keys(RELATIONS)).toContain('session-steerer');
  });

  for (const route of ORDER) {
    test(route, async ({ baseURL }) => {
      const method = route.slice(0, route.indexOf(' '));
      const failures: string[] = [];
      for (const persona of PERSONAS) {
        for (const kind of ['own', 'other'] as const) {
          const cell = { persona, kind };
          const call = await callFor(route, cell, world)();
          const url = call.query ? `${call.path}?${call.query}` : call.path;
          const res = await contexts.get(persona)!.request.fetch(url, {
            method,
            headers: method === 'GET' ? {} : { Origin: baseURL! },
            data: call.data,
            maxRedirects: 0,
          });
          const want = expectedFor(route, cell);
          const status = res.status();
          const ok = want === 'allow' ? status < 500 && ![401, 403, 404, 429].includes(status) : status === want;
          if (!ok) failures.push(`${persona}/${kind}: wanted ${want}, got ${status} ${(await res.text()).slice(0, 200)}`);
        }
      }
      expect(failures, `${route} (${ROUTE_TABLE[route].relation})`).toEqual([]);
    });
  }
});

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, email);
  await page.close();
  return { context, request: context.request };
}
