import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Relation } from '@/lib/api/route-table';
import type { PortalUser } from '@/lib/auth/types';
import { getOrgRequestRow, type OrgRequestRow } from '@/lib/orgs/request-store';
import { findTrailByTargetIds } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll } from '@/lib/upstream/pagination';
import type { ApiKey, ServiceUser, Session } from '@/lib/upstream/types';
import { getOrgAccess, type OrgAccess, type OrgMembership } from './org-access';
import { tierRank, type OrgRoleTier } from './org-roles';

/*
 * The one place a person's relation to the resources in a path is decided. `withPortalRoute` calls
 * `resolveAccess` with the route's relation (lib/api/route-table.ts) before the handler runs, and hands the
 * result to the handler; pages call the same functions. A resource the person may not see is not_found (so
 * ids leak nothing); one they may see but not change is forbidden.
 */

export interface OrgStanding {
  orgId: string;
  /** Null for a portal admin who is not a member. */
  membership: OrgMembership | null;
  /** What the person may do in the org: portal admins stand as org admins everywhere. */
  tier: OrgRoleTier;
  isOrgAdmin: boolean;
}

export interface SessionStanding {
  session: Session;
  /** The starter, an org admin of the session's org, or a portal admin; and, for members, a role with session rights. */
  canSteer: boolean;
  /** For sessions the portal started as its service user: who asked, from the trail. */
  requestedBy: string | null;
}

export interface ResolvedAccess {
  /** The person's org memberships (looked up by SSO email); loaded for every route with a path resource. */
  orgAccess?: OrgAccess;
  org?: OrgStanding;
  session?: SessionStanding;
  serviceUser?: ServiceUser;
  apiKey?: ApiKey;
  orgRequest?: OrgRequestRow;
}

interface PathIds {
  orgId?: string;
  sessionId?: string;
  serviceUserId?: string;
  apiKeyId?: string;
  requestId?: string;
}

const NO_ORG = () => new ApiError('not_found', 'No such organization.');

export async function resolveAccess(user: PortalUser, relation: Relation, ids: PathIds): Promise<ResolvedAccess> {
  switch (relation) {
    case 'public':
    case 'signed-in':
      return {};
    case 'portal-admin':
      if (user.role !== 'admin') throw new ApiError('forbidden', 'Only portal admins can do this.');
      return {};
    case 'org-member':
      return withOrg(user, need(ids.orgId), 'viewer');
    case 'org-admin':
      return withOrg(user, need(ids.orgId), 'admin');
    case 'org-session-starter':
      return withOrg(user, need(ids.orgId), 'sessions');
    case 'session-viewer':
    case 'session-steerer': {
      const resolved = await withOrg(user, need(ids.orgId), 'viewer');
      const session = await loadSessionStanding(user, resolved, need(ids.sessionId));
      if (relation === 'session-steerer' && !session.canSteer) {
        throw new ApiError('forbidden', 'Only the person who started this session, an admin of its organization or a portal admin can change it.');
      }
      return { ...resolved, session };
    }
    case 'service-user-manager':
    case 'key-manager': {
      const resolved = await withOrg(user, need(ids.orgId), 'admin');
      const serviceUser = await loadOrgServiceUser(resolved.org!.orgId, need(ids.serviceUserId));
      if (relation === 'service-user-manager') return { ...resolved, serviceUser };
      return { ...resolved, serviceUser, apiKey: await loadKey(serviceUser.serviceUserId, need(ids.apiKeyId)) };
    }
    case 'request-viewer':
    case 'requester': {
      const row = await getOrgRequestRow(need(ids.requestId));
      const own = row?.requester_sub === user.id;
      if (!row || (!own && user.role !== 'admin')) throw new ApiError('not_found', 'No such request.');
      if (relation === 'requester' && !own) throw new ApiError('forbidden', 'Only the person who filed this request can do that.');
      return { orgRequest: row };
    }
  }
}

function need(id: string | undefined): string {
  // A route table row whose path lacks the id its relation needs is a programming error, not bad input.
  if (!id) throw new Error('resolveAccess: the route has no path parameter for its relation');
  return id;
}

/** The person's standing in one org; not_found unless they are a member (or a portal admin), forbidden below `min`. */
export async function orgStanding(user: PortalUser, orgId: string, min: OrgRoleTier = 'viewer'): Promise<{ orgAccess: OrgAccess; org: OrgStanding }> {
  const orgAccess = await getOrgAccess(user);
  const membership = orgAccess.memberships.get(orgId) ?? null;
  if (!membership && !orgAccess.allOrgs) throw NO_ORG();
  const tier: OrgRoleTier = orgAccess.allOrgs ? 'admin' : membership!.tier;
  if (tierRank(tier) < tierRank(min)) {
    const needs = min === 'admin' ? 'an org admin role' : 'a role that may run Devin sessions';
    throw new ApiError('forbidden', `You need ${needs} in this organization (you are ${membership?.roleName ?? 'not a member'}).`);
  }
  return { orgAccess, org: { orgId, membership, tier, isOrgAdmin: tier === 'admin' } };
}

const withOrg = (user: PortalUser, orgId: string, min: OrgRoleTier): Promise<ResolvedAccess> => orgStanding(user, orgId, min);

/** Loads the session and checks it really belongs to the org in the path: upstream is not trusted to. */
export async function loadSessionStanding(user: PortalUser, resolved: ResolvedAccess, sessionId: string): Promise<SessionStanding> {
  const { org, orgAccess } = resolved;
  let session: Session;
  try {
    session = await getDevinClient().sessions.get(org!.orgId, sessionId);
  } catch (err) {
    if (err instanceof UpstreamError && err.status === 404) throw new ApiError('not_found', 'No such session in this organization.');
    throw err;
  }
  if (session.orgId !== org!.orgId || session.sessionId !== sessionId) throw new ApiError('not_found', 'No such session in this organization.');

  let requestedBy: string | null = null;
  let startedByViewer = session.userId !== null && session.userId === orgAccess!.devinUserId;
  if (session.userId === null) {
    const started = (await findTrailByTargetIds([session.sessionId])).find((e) => e.action === 'session.create' && e.outcome === 'ok');
    requestedBy = started?.actorName ?? null;
    startedByViewer = started?.actorSub === user.id;
  }
  // A member steers only what they started, and only while their role still carries session rights.
  const canSteer = org!.isOrgAdmin || (startedByViewer && tierRank(org!.tier) >= tierRank('sessions'));
  return { session, canSteer, requestedBy };
}

/**
 * The service user, if it belongs wholly to the org: every one of its role assignments is in this org.
 * One that also holds an enterprise role or a role elsewhere is not this org's to manage (its keys are
 * enterprise-wide), and reads as not_found.
 */
export async function loadOrgServiceUser(orgId: string, serviceUserId: string): Promise<ServiceUser> {
  try {
    const su = await getDevinClient().serviceUsers.get(serviceUserId);
    if (su.serviceUserId === serviceUserId && su.roleAssignments.length > 0 && su.roleAssignments.every((a) => a.orgId === orgId)) return su;
  } catch (err) {
    if (!(err instanceof UpstreamError && err.status === 404)) throw err;
  }
  throw new ApiError('not_found', 'No such service user in this organization.');
}

async function loadKey(serviceUserId: string, apiKeyId: string): Promise<ApiKey> {
  const devin = getDevinClient();
  const keys = await collectAll((after) => devin.apiKeys.list(serviceUserId, { status: 'all', first: 200, after }), { pageSize: 200 });
  const key = keys.find((k) => k.apiKeyId === apiKeyId);
  if (!key) throw new ApiError('not_found', 'No such key for this service user.');
  return key;
}
