/*
 * Every route of the portal's API, with the relation the caller must have to the resources in its path.
 * `withPortalRoute` takes its rule from here (a route cannot be wired without a row: the key is typed), the
 * route-table test fails when a route file has no row or a row no route file, and the end-to-end matrix
 * (tests/e2e/authz-matrix.spec.ts) runs every row for every kind of person. Client-safe: plain data.
 */

export const RELATIONS = {
  public: 'anyone, signed in or not',
  'signed-in': 'any signed-in person; the handler scopes what they see to themselves and their orgs',
  'portal-admin': 'portal admins only (IdP admin group or break-glass list)',
  'org-member': 'members of the org in the path (Devin lists them there), or portal admins',
  'org-admin': 'org admins of the org in the path (a configured admin role id), or portal admins',
  'org-session-starter': 'members of the org whose role may run sessions (a configured session role id), or portal admins',
  'session-viewer': 'members of the org the session belongs to, or portal admins',
  'session-steerer': "the session's starter (with a session role), an org admin of its org, or a portal admin",
  'service-user-manager': 'org admins of the org, for a service user whose every role is in that org; or portal admins',
  'key-manager': "as service-user-manager, and the key must be that service user's",
  'request-viewer': 'the person who filed the org request, or portal admins',
  requester: 'only the person who filed the org request',
} as const;

export type Relation = keyof typeof RELATIONS;

export interface RouteRule {
  relation: Relation;
  what: string;
}

export const ROUTE_TABLE = {
  'GET /api/health': { relation: 'public', what: 'status only for anonymous callers (detail for admins and the metrics token), from a cached probe' },
  // Every other /api path: a JSON 404 in the API's error shape (anonymous callers get the proxy's 401 first).
  'GET /api/[...missing]': { relation: 'public', what: 'no such API route: JSON 404' },
  'POST /api/[...missing]': { relation: 'public', what: 'no such API route: JSON 404' },
  'PUT /api/[...missing]': { relation: 'public', what: 'no such API route: JSON 404' },
  'PATCH /api/[...missing]': { relation: 'public', what: 'no such API route: JSON 404' },
  'DELETE /api/[...missing]': { relation: 'public', what: 'no such API route: JSON 404' },
  'GET /api/health/live': { relation: 'public', what: 'liveness for a load balancer, no upstream call' },
  'GET /api/health/ready': { relation: 'public', what: 'readiness: the store and the cached upstream probe' },
  'GET /api/metrics': { relation: 'public', what: 'Prometheus metrics, only with Authorization: Bearer $METRICS_TOKEN (404 without it set)' },
  'GET /api/auth/[...nextauth]': { relation: 'public', what: "next-auth's sign-in, callback, session and CSRF endpoints" },
  'POST /api/auth/[...nextauth]': { relation: 'public', what: "next-auth's sign-in and sign-out (CSRF-protected)" },
  'POST /api/auth/backchannel-logout': { relation: 'public', what: 'OIDC back-channel logout: a logout token signed by the IdP' },

  'GET /api/me': { relation: 'signed-in', what: 'the signed-in person, role and memberships' },
  'POST /api/admin/sign-ins/revoke': { relation: 'portal-admin', what: "revoke every sign-in of a person" },
  'GET /api/admin/alerts': { relation: 'portal-admin', what: 'open and recent alerts, overdue and failed jobs' },
  'POST /api/admin/alerts/test': { relation: 'portal-admin', what: 'send a test alert through the job runner' },
  'POST /api/admin/jobs/[jobId]/retry': { relation: 'portal-admin', what: 'retry a failed job' },

  'GET /api/orgs': { relation: 'signed-in', what: 'the orgs the person may see' },
  'POST /api/orgs': { relation: 'signed-in', what: 'request an org (within policy)' },
  'GET /api/orgs/[orgId]': { relation: 'org-member', what: 'one org' },
  'PATCH /api/orgs/[orgId]': { relation: 'portal-admin', what: 'rename an org or change its limits' },
  'DELETE /api/orgs/[orgId]': { relation: 'portal-admin', what: 'delete an org' },
  'GET /api/orgs/[orgId]/members': { relation: 'org-member', what: "the org's members" },
  'POST /api/orgs/[orgId]/members': { relation: 'org-admin', what: "add a member or change a member's role (capped at one's own)" },
  'DELETE /api/orgs/[orgId]/members/[userId]': { relation: 'org-admin', what: 'remove a member (never the last org admin)' },

  'GET /api/orgs/[orgId]/service-users': { relation: 'org-admin', what: "the org's service users and keys" },
  'POST /api/orgs/[orgId]/service-users': { relation: 'org-admin', what: 'provision a service user (role capped at one’s own)' },
  'PATCH /api/orgs/[orgId]/service-users/[serviceUserId]': { relation: 'service-user-manager', what: "change a service user's org role (capped at one’s own)" },
  'DELETE /api/orgs/[orgId]/service-users/[serviceUserId]': { relation: 'service-user-manager', what: 'remove a service user from the org' },
  'POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys': { relation: 'service-user-manager', what: 'an extra key' },
  'DELETE /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]': { relation: 'key-manager', what: 'revoke a key' },
  'POST /api/orgs/[orgId]/service-users/[serviceUserId]/keys/[apiKeyId]/rotate': { relation: 'key-manager', what: 'rotate a key' },

  'GET /api/sessions': { relation: 'signed-in', what: "sessions in the person's orgs" },
  'POST /api/sessions/batch': { relation: 'signed-in', what: 'start a prompt in several orgs (each checked as org-session-starter)' },
  'POST /api/orgs/[orgId]/sessions': { relation: 'org-session-starter', what: 'start a session' },
  'GET /api/orgs/[orgId]/sessions/[sessionId]': { relation: 'session-viewer', what: 'one session' },
  'DELETE /api/orgs/[orgId]/sessions/[sessionId]': { relation: 'session-steerer', what: 'terminate a session' },
  'POST /api/orgs/[orgId]/sessions/[sessionId]/archive': { relation: 'session-steerer', what: 'archive a session' },
  'GET /api/orgs/[orgId]/sessions/[sessionId]/messages': { relation: 'session-viewer', what: "a session's messages" },
  'POST /api/orgs/[orgId]/sessions/[sessionId]/messages': { relation: 'session-steerer', what: 'message Devin' },
  'POST /api/orgs/[orgId]/sessions/[sessionId]/tags': { relation: 'session-steerer', what: 'add tags' },
  'PUT /api/orgs/[orgId]/sessions/[sessionId]/tags': { relation: 'session-steerer', what: 'replace tags' },

  'GET /api/consumption/orgs/[orgId]': { relation: 'org-member', what: "an org's consumption (everyone's for org admins, one's own otherwise)" },
  'GET /api/audit/export': { relation: 'signed-in', what: "CSV export: Devin's log for portal admins, one's own trail otherwise" },

  'GET /api/org-requests': { relation: 'signed-in', what: "one's own requests; the queue for portal admins" },
  'GET /api/org-requests/[requestId]': { relation: 'request-viewer', what: 'one org request' },
  'POST /api/org-requests/[requestId]/approve': { relation: 'portal-admin', what: 'approve (never one’s own)' },
  'POST /api/org-requests/[requestId]/reject': { relation: 'portal-admin', what: 'reject (never one’s own)' },
  'POST /api/org-requests/[requestId]/retry': { relation: 'request-viewer', what: 'retry a failed creation' },
  'POST /api/org-requests/[requestId]/withdraw': { relation: 'requester', what: 'withdraw a pending request' },
} as const satisfies Record<string, RouteRule>;

export type RouteKey = keyof typeof ROUTE_TABLE;
/** The routes that go through withPortalRoute (everything but the public ones). */
export type GuardedRouteKey = { [K in RouteKey]: (typeof ROUTE_TABLE)[K]['relation'] extends 'public' ? never : K }[RouteKey];
