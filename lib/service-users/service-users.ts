import 'server-only';
import { randomUUID } from 'node:crypto';
import { loadOrgServiceUser, type OrgStanding } from '@/lib/access/resolve';
import { ApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { withLease } from '@/lib/storage/lease';
import { listTrail, recordWrite, type TrailEvent } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll } from '@/lib/upstream/pagination';
import type { ApiKey, ServiceUser } from '@/lib/upstream/types';
import {
  DAY_SECONDS,
  EXPIRING_SOON_DAYS,
  KEY_LIFETIMES,
  ROTATION_OVERLAPS,
  SERVICE_USER_LIFETIMES,
  type ApiKeyDto,
  type CreatedServiceUserDto,
  type ChangeRoleBody,
  type CreateKeyBody,
  type CreateServiceUserBody,
  type GrantableRoleDto,
  type KeyLifetime,
  type NewTokenDto,
  type RotateKeyBody,
  type ServiceUserDto,
} from './schemas';

interface Ctx {
  user: PortalUser;
  requestId: string;
}

const KEY_LISTS_IN_FLIGHT = 8;
const ROTATE = 'service-user.key.rotate';
const REVOKE = 'service-user.key.revoke';
/** Longer than the longest rotation overlap, so every pending revocation is found. */
const SCHEDULE_LOOKBACK_SECONDS = 8 * DAY_SECONDS;

const now = () => Math.floor(Date.now() / 1000);

/**
 * The org's service users with all their keys (active, expired, revoked), for someone who stands as org
 * admin there. Only service users whose every role is in this org are listed: one that also holds an
 * enterprise role or a role elsewhere is not the org's to manage. Keys whose rotation overlap has ended are
 * revoked here, in the name of the person who rotated them, before the list is returned.
 */
export async function listOrgServiceUsers(org: OrgStanding): Promise<ServiceUserDto[]> {
  if (!org.isOrgAdmin) throw new ApiError('forbidden', 'Only admins of this organization can manage its service users.');
  const { orgId } = org;
  const devin = getDevinClient();
  const [all, schedule] = await Promise.all([
    collectAll((after) => devin.serviceUsers.listOrg(orgId, { first: 200, after }), { pageSize: 200 }),
    pendingRevocations(orgId),
  ]);
  const serviceUsers = all.filter((su) => su.roleAssignments.length > 0 && su.roleAssignments.every((a) => a.orgId === orgId));
  const keysById = new Map<string, ApiKey[]>();
  let failure: unknown;
  await forEachWithConcurrency(
    serviceUsers,
    KEY_LISTS_IN_FLIGHT,
    (su) => listKeys(su.serviceUserId),
    (su, outcome) => {
      if (outcome.status === 'fulfilled') keysById.set(su.serviceUserId, outcome.value);
      else failure ??= outcome.reason;
    },
  );
  if (failure) throw failure;
  const revokedNow = new Set<string>();
  await Promise.all(
    serviceUsers.map(async (su) => {
      for (const id of await revokeOverdue(orgId, su.serviceUserId, keysById.get(su.serviceUserId) ?? [], schedule)) revokedNow.add(id);
    }),
  );
  return serviceUsers
    .map((su) => toServiceUserDto(su, orgId, keysById.get(su.serviceUserId) ?? [], schedule, revokedNow))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The service user, if it belongs wholly to the org (every role assignment in it); not_found otherwise, so
 * ids from other orgs reveal nothing and an enterprise-wide service user cannot be taken over through an org.
 */
export function getOrgServiceUserOrThrow(orgId: string, serviceUserId: string): Promise<ServiceUser> {
  return loadOrgServiceUser(orgId, serviceUserId);
}

/**
 * Provisions an org service user with a role from `grantable` and returns it with its first token. The token
 * exists only in the returned value: it is not stored, logged or put in the trail.
 */
export async function createOrgServiceUser(
  orgId: string,
  body: CreateServiceUserBody,
  grantable: GrantableRoleDto[],
  ctx: Ctx,
): Promise<CreatedServiceUserDto> {
  const role = grantable.find((r) => r.roleId === body.roleId);
  if (!role) throw new ApiError('unprocessable_entity', 'roleId: is not a role you may grant in this organization', { field: 'roleId' });
  const devin = getDevinClient();
  return exclusively(`create:${orgId}:${body.name.toLowerCase()}`, async () => {
    const existing = await collectAll((after) => devin.serviceUsers.listOrg(orgId, { first: 200, after }), { pageSize: 200 });
    if (existing.some((su) => su.name.toLowerCase() === body.name.toLowerCase())) {
      throw new ApiError('conflict', `name: this organization already has a service user called “${body.name}”`, { field: 'name' });
    }
    const ttlSeconds = SERVICE_USER_LIFETIMES[body.lifetime] * DAY_SECONDS;
    const created = await recordWrite({
      actor: ctx.user,
      action: 'service-user.create',
      orgId,
      input: { name: body.name, roleId: role.roleId, roleName: role.roleName, lifetime: body.lifetime, ttlSeconds },
      requestId: ctx.requestId,
      run: () => devin.serviceUsers.provisionOrg(orgId, { name: body.name, roleId: role.roleId, ttlSeconds }),
      targets: (r) => ({ orgId, serviceUserId: r.serviceUser.serviceUserId, roleId: role.roleId }),
    }).catch((err: unknown) => {
      throw explainRefusal(err, `give a service user the role ${role.roleName}`);
    });
    // The service user exists and its token is in hand: a failing key list must not lose the token.
    const keys = await listKeys(created.serviceUser.serviceUserId).catch(() => []);
    return { serviceUser: toServiceUserDto(created.serviceUser, orgId, keys, new Map(), new Set()), token: created.token };
  });
}

/** Gives a service user of the org another org role from `grantable`; its keys and its roles elsewhere are untouched. */
export async function changeServiceUserRole(
  orgId: string,
  serviceUserId: string,
  body: ChangeRoleBody,
  grantable: GrantableRoleDto[],
  ctx: Ctx,
): Promise<{ serviceUserId: string; role: GrantableRoleDto }> {
  const su = await getOrgServiceUserOrThrow(orgId, serviceUserId);
  const role = grantable.find((r) => r.roleId === body.roleId);
  if (!role) throw new ApiError('unprocessable_entity', 'roleId: is not a role you may grant in this organization', { field: 'roleId' });
  const previous = su.roleAssignments.find((a) => a.orgId === orgId)?.role ?? null;
  await recordWrite({
    actor: ctx.user,
    action: 'service-user.role.change',
    orgId,
    input: { serviceUserId, name: su.name, roleId: role.roleId, roleName: role.roleName, previousRoleId: previous?.roleId ?? null },
    requestId: ctx.requestId,
    run: () => getDevinClient().serviceUsers.setOrgRole(orgId, serviceUserId, role.roleId),
    targets: () => ({ orgId, serviceUserId, roleId: role.roleId }),
  }).catch((err: unknown) => {
    throw explainRefusal(err, `give this service user the role ${role.roleName}`);
  });
  return { serviceUserId, role };
}

/** Takes a service user out of the org: it can no longer act there. It is not deleted and its keys are not revoked. */
export async function removeServiceUserFromOrg(orgId: string, serviceUserId: string, ctx: Ctx): Promise<{ serviceUserId: string }> {
  const su = await getOrgServiceUserOrThrow(orgId, serviceUserId);
  await recordWrite({
    actor: ctx.user,
    action: 'service-user.remove',
    orgId,
    input: { serviceUserId, name: su.name },
    requestId: ctx.requestId,
    run: () => getDevinClient().serviceUsers.removeFromOrg(orgId, serviceUserId),
    targets: () => ({ orgId, serviceUserId }),
  }).catch((err: unknown) => {
    throw explainRefusal(err, 'remove this service user from the organization');
  });
  return { serviceUserId };
}

/** An extra key for a service user of the org; the token is in the returned value only. */
export async function createKey(orgId: string, serviceUserId: string, body: CreateKeyBody, ctx: Ctx): Promise<NewTokenDto> {
  const su = await getOrgServiceUserOrThrow(orgId, serviceUserId);
  const expiresAt = keyExpiry(body.lifetime, su, 'lifetime');
  return exclusively(`keys:${serviceUserId}`, async () => {
    const key = await recordWrite({
      actor: ctx.user,
      action: 'service-user.key.create',
      orgId,
      input: { serviceUserId, name: body.name, lifetime: body.lifetime, expiresAt },
      requestId: ctx.requestId,
      run: () => getDevinClient().apiKeys.create(serviceUserId, { name: body.name, expiresAt }),
      targets: (k) => ({ serviceUserId, apiKeyId: k.apiKeyId }),
    }).catch((err: unknown) => {
      throw explainRefusal(err, 'create a key for this service user');
    });
    return { token: key.token, apiKeyId: key.apiKeyId, apiKeyName: key.apiKeyName };
  });
}

/**
 * Replaces a key with a new one. With an overlap, the old key keeps working until then and is revoked by the
 * portal afterwards (by the sweep in `revokeDueRotatedKeys`, or sooner when someone lists the org's service
 * users); without, Devin revokes it at once.
 */
export async function rotateKey(orgId: string, serviceUserId: string, apiKeyId: string, body: RotateKeyBody, ctx: Ctx): Promise<NewTokenDto> {
  const su = await getOrgServiceUserOrThrow(orgId, serviceUserId);
  const newKeyExpiresAt = keyExpiry(body.lifetime, su, 'lifetime');
  const revokeOldAt = body.overlap === 'none' ? null : now() + ROTATION_OVERLAPS[body.overlap];
  return exclusively(`keys:${serviceUserId}`, async () => {
    const key = await recordWrite({
      actor: ctx.user,
      action: ROTATE,
      orgId,
      input: { serviceUserId, apiKeyId, overlap: body.overlap, revokeOldAt, lifetime: body.lifetime, newKeyExpiresAt },
      requestId: ctx.requestId,
      run: () => getDevinClient().apiKeys.rotate(serviceUserId, apiKeyId, { newKeyExpiresAt, revokeCurrent: revokeOldAt === null }),
      targets: (k) => ({ serviceUserId, apiKeyId, newApiKeyId: k.apiKeyId }),
    }).catch((err: unknown) => {
      throw explainRefusal(err, 'rotate this key');
    });
    return { token: key.token, apiKeyId: key.apiKeyId, apiKeyName: key.apiKeyName };
  });
}

/** Revokes a key at once; Devin answers 409 if it already was. */
export async function revokeKey(orgId: string, serviceUserId: string, apiKeyId: string, ctx: Ctx): Promise<ApiKeyDto> {
  await getOrgServiceUserOrThrow(orgId, serviceUserId);
  const key = await revokeRecorded(orgId, serviceUserId, apiKeyId, false, ctx);
  return toKeyDto(key, null);
}

function revokeRecorded(orgId: string, serviceUserId: string, apiKeyId: string, scheduled: boolean, ctx: Ctx) {
  return recordWrite({
    actor: ctx.user,
    action: REVOKE,
    orgId,
    input: { serviceUserId, apiKeyId, scheduled },
    requestId: ctx.requestId,
    run: () => getDevinClient().apiKeys.revoke(serviceUserId, apiKeyId),
    targets: () => ({ serviceUserId, apiKeyId }),
  });
}

function listKeys(serviceUserId: string): Promise<ApiKey[]> {
  const devin = getDevinClient();
  return collectAll((after) => devin.apiKeys.list(serviceUserId, { status: 'all', first: 200, after }), { pageSize: 200 });
}

/** A key never outlives its service user: a longer lifetime is refused rather than silently shortened. */
function keyExpiry(lifetime: KeyLifetime, su: ServiceUser, field: string): number {
  const expiresAt = now() + KEY_LIFETIMES[lifetime] * DAY_SECONDS;
  if (su.expiresAt !== null && expiresAt > su.expiresAt) {
    const until = new Date(su.expiresAt * 1000).toISOString().slice(0, 10);
    throw new ApiError('unprocessable_entity', `${field}: the service user itself expires on ${until}; pick a shorter lifetime`, { field });
  }
  return expiresAt;
}

interface ScheduledRevocation {
  revokeAt: number;
  event: TrailEvent;
}

/** Old keys from rotations with an overlap, by key id, that no later revoke has dealt with (in one org, or all). */
async function pendingRevocations(orgId?: string): Promise<Map<string, ScheduledRevocation>> {
  const since = now() - SCHEDULE_LOOKBACK_SECONDS;
  const [rotations, revocations] = await Promise.all([allTrail(orgId, ROTATE, since), allTrail(orgId, REVOKE, since)]);
  const pending = new Map<string, ScheduledRevocation>();
  for (const event of rotations) {
    const revokeAt = (event.input as { revokeOldAt?: unknown } | null)?.revokeOldAt;
    const apiKeyId = event.targetIds.apiKeyId;
    if (event.outcome === 'ok' && apiKeyId && typeof revokeAt === 'number') pending.set(apiKeyId, { revokeAt, event });
  }
  for (const event of revocations) {
    const apiKeyId = event.targetIds.apiKeyId;
    if (event.outcome === 'ok' && apiKeyId && (pending.get(apiKeyId)?.event.at ?? Infinity) <= event.at) pending.delete(apiKeyId);
  }
  return pending;
}

async function allTrail(orgId: string | undefined, action: string, timeAfter: number): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  let after: string | null = null;
  do {
    const page = await listTrail({ orgId, action, timeAfter, order: 'asc', first: 200, after });
    events.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return events;
}

/**
 * The scheduled half of rotation with an overlap: revokes, in every org, the old keys whose overlap has ended and
 * that are still active, each in the name of the person who rotated it. Run on a timer by `instrumentation.ts`;
 * safe to run again or from several instances (a key already revoked is left alone).
 */
export async function revokeDueRotatedKeys(): Promise<{ revoked: string[]; failed: string[] }> {
  const schedule = await pendingRevocations();
  const due = new Map<string, { orgId: string; keyIds: Set<string> }>();
  for (const [apiKeyId, { revokeAt, event }] of schedule) {
    const serviceUserId = event.targetIds.serviceUserId;
    if (revokeAt > now() || !serviceUserId || !event.orgId) continue;
    const entry = due.get(serviceUserId) ?? { orgId: event.orgId, keyIds: new Set<string>() };
    entry.keyIds.add(apiKeyId);
    due.set(serviceUserId, entry);
  }
  const revoked: string[] = [];
  const failed: string[] = [];
  await forEachWithConcurrency(
    [...due],
    KEY_LISTS_IN_FLIGHT,
    async ([serviceUserId, { orgId, keyIds }]) => {
      const keys = await listKeys(serviceUserId).catch((err: unknown) => {
        // A service user deleted since the rotation took its keys with it.
        if (err instanceof UpstreamError && err.status === 404) return [];
        throw err;
      });
      const overdue = overdueKeys(keys, schedule).filter((k) => keyIds.has(k.apiKeyId));
      const done = await revokeOverdue(orgId, serviceUserId, overdue, schedule);
      revoked.push(...done);
      failed.push(...overdue.map((k) => k.apiKeyId).filter((id) => !done.has(id)));
    },
    ([serviceUserId, { keyIds }], outcome) => {
      if (outcome.status === 'rejected') {
        console.error(`[service-users] could not check the keys of ${serviceUserId}: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`);
        failed.push(...keyIds);
      }
    },
  );
  return { revoked, failed };
}

/** The keys among `keys` that are still active although their overlap has ended. */
function overdueKeys(keys: ApiKey[], schedule: Map<string, ScheduledRevocation>): ApiKey[] {
  return keys.filter((k) => keyStatus(k) === 'active' && (schedule.get(k.apiKeyId)?.revokeAt ?? Infinity) <= now());
}

/** Revokes one service user's overdue keys; returns the ids revoked. A failure leaves the key listed as overdue. */
async function revokeOverdue(orgId: string, serviceUserId: string, keys: ApiKey[], schedule: Map<string, ScheduledRevocation>): Promise<Set<string>> {
  const revoked = new Set<string>();
  await Promise.all(
    overdueKeys(keys, schedule).map(async (key) => {
      const { event } = schedule.get(key.apiKeyId)!;
      const actor: PortalUser = { id: event.actorSub, email: event.actorEmail, name: event.actorName, role: 'member' };
      try {
        await revokeRecorded(orgId, serviceUserId, key.apiKeyId, true, { user: actor, requestId: randomUUID() });
        revoked.add(key.apiKeyId);
      } catch (err) {
        // Another instance, or someone opening the page, revoked it first: the key is revoked all the same.
        if (err instanceof UpstreamError && err.status === 409) {
          revoked.add(key.apiKeyId);
          return;
        }
        console.error(`[service-users] scheduled revocation of ${key.apiKeyId} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
  return revoked;
}

function keyStatus(k: ApiKey): ApiKeyDto['status'] {
  if (k.revokedAt !== null) return 'revoked';
  if (!k.isActive || (k.expiresAt !== null && k.expiresAt <= now())) return 'expired';
  return 'active';
}

function toKeyDto(k: ApiKey, revokeScheduledAt: number | null): ApiKeyDto {
  const status = keyStatus(k);
  return {
    apiKeyId: k.apiKeyId,
    name: k.apiKeyName,
    status,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    expiresInDays: status === 'active' && k.expiresAt !== null && k.expiresAt - now() <= EXPIRING_SOON_DAYS * DAY_SECONDS ? Math.ceil((k.expiresAt - now()) / DAY_SECONDS) : null,
    revokeScheduledAt: status === 'active' ? revokeScheduledAt : null,
  };
}

function toServiceUserDto(
  su: ServiceUser,
  orgId: string,
  keys: ApiKey[],
  schedule: Map<string, ScheduledRevocation>,
  revokedNow: Set<string>,
): ServiceUserDto {
  const role = su.roleAssignments.find((a) => a.orgId === orgId)?.role ?? null;
  return {
    serviceUserId: su.serviceUserId,
    name: su.name,
    role: role && { roleId: role.roleId, roleName: role.roleName },
    expiresAt: su.expiresAt,
    // A day's margin, so a choice offered now is still accepted when the form is sent later.
    keyLifetimes: (Object.keys(KEY_LIFETIMES) as KeyLifetime[]).filter(
      (l) => su.expiresAt === null || now() + (KEY_LIFETIMES[l] + 1) * DAY_SECONDS <= su.expiresAt,
    ),
    keys: keys
      .map((k) => (revokedNow.has(k.apiKeyId) ? { ...k, isActive: false, revokedAt: now() } : k))
      .map((k) => toKeyDto(k, schedule.get(k.apiKeyId)?.revokeAt ?? null))
      .sort((a, b) => statusOrder(a) - statusOrder(b) || b.createdAt - a.createdAt),
  };
}

const statusOrder = (k: ApiKeyDto) => ({ active: 0, expired: 1, revoked: 2 })[k.status];

/** Devin's 403 on a grant means the portal's service user holds less than the role or key would carry. */
function explainRefusal(err: unknown, what: string): unknown {
  if (!(err instanceof UpstreamError) || err.status !== 403) return err;
  const lacking = err.missingPermission ? ` It lacks ${err.missingPermission}.` : '';
  return new ApiError('forbidden', `Devin did not let the portal ${what}: a service user cannot be given more than the portal's own Devin service user holds.${lacking} Pick a role with fewer rights, or ask a Devin enterprise admin.`, {
    missingPermission: err.missingPermission,
  });
}

/** Longer than any one create or rotate takes; a crashed holder blocks the same change for at most this long. */
const HOLD_MS = 60_000;

/** One write per key at a time, across every instance: a double submit gets a 409 instead of a second credential. */
function exclusively<T>(key: string, work: () => Promise<T>): Promise<T> {
  return withLease(`service-users:${key}`, HOLD_MS, work, () => {
    throw new ApiError('conflict', 'The same change is already being made; wait for it to finish.');
  });
}
