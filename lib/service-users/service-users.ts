import 'server-only';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { settle } from '@/lib/settle';
import { errorFields, log } from '@/lib/observability/logger';
import { randomUUID } from 'node:crypto';
import { loadOrgServiceUser, type OrgStanding } from '@/lib/access/resolve';
import { ApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { withLease } from '@/lib/storage/lease';
import { PermanentJobError } from '@/lib/jobs/runner';
import { cancelJob, enqueueJob, listJobs, type Job } from '@/lib/jobs/store';
import { listTrail, recordWrite, type TrailEvent } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import { collectAll } from '@/lib/upstream/pagination';
import type { ApiKey, ServiceUser } from '@/lib/upstream/types';
import {
  DAY_SECONDS,
  EXPIRING_SOON_DAYS,
  keyExpiresAt,
  keyLifetimeChoices,
  ROTATION_OVERLAPS,
  SERVICE_USER_LIFETIMES,
  type ApiKeyDto,
  type CreatedServiceUserDto,
  type ChangeRoleBody,
  type CreateKeyBody,
  type CreateServiceUserBody,
  type GrantableRoleDto,
  type KeyLifetimeChoice,
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

const now = () => Math.floor(Date.now() / 1000);

/**
 * The org's service users with all their keys (active, expired, revoked), for someone who stands as org
 * admin there, each old key of a rotation marked with when the job runner revokes it. Only service users whose
 * every role is in this org are listed: one that also holds an enterprise role or a role elsewhere is not the
 * org's to manage. A read: it never revokes anything itself (the `key.revoke` jobs do).
 */
// On globalThis (route and page bundles each have a copy of this module): which service users each org had when it
// was last listed on this instance. Only a hint for reading keys early; never shown, never trusted.
const hints = globalThis as typeof globalThis & { __portalKnownServiceUsers?: LRUCache<string, string[]> };
const knownServiceUsers = () => (hints.__portalKnownServiceUsers ??= new LRUCache<string, string[]>({ max: 1_000 }));

export async function listOrgServiceUsers(org: OrgStanding): Promise<ServiceUserDto[]> {
  if (!org.isOrgAdmin) throw new ApiError('forbidden', 'Only admins of this organization can manage its service users.');
  const { orgId } = org;
  const devin = getDevinClient();
  // Each service user's keys need its id, so they would follow the listing one round trip later. Instead the keys of
  // the service users this org had last time are read alongside the listing; only newcomers wait for it. Keys read
  // for a service user the listing no longer has are dropped: what is shown always follows the fresh listing.
  const limit = pLimit(KEY_LISTS_IN_FLIGHT);
  const keysOf = (serviceUserId: string) => settle(limit(() => listKeys(serviceUserId)));
  const early = new Map((knownServiceUsers().get(orgId) ?? []).map((id) => [id, keysOf(id)] as const));
  const [all, schedule] = await Promise.all([
    collectAll((after) => devin.serviceUsers.listOrg(orgId, { first: 200, after }), { pageSize: 200 }),
    scheduledRevocations(orgId),
  ]);
  const serviceUsers = all.filter((su) => su.roleAssignments.length > 0 && su.roleAssignments.every((a) => a.orgId === orgId));
  knownServiceUsers().set(orgId, serviceUsers.map((su) => su.serviceUserId));
  const keys = await Promise.all(serviceUsers.map((su) => early.get(su.serviceUserId) ?? keysOf(su.serviceUserId)));
  const failed = keys.find((k) => !k.ok);
  if (failed && !failed.ok) throw failed.error;
  const keysById = new Map(serviceUsers.map((su, i) => [su.serviceUserId, (keys[i] as { ok: true; value: ApiKey[] }).value]));
  return serviceUsers
    .map((su) => toServiceUserDto(su, orgId, keysById.get(su.serviceUserId) ?? [], schedule))
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
    return { serviceUser: toServiceUserDto(created.serviceUser, orgId, keys, new Map()), token: created.token };
  });
}

/**
 * Gives a service user of the org (as the route wrapper resolved it) another org role from `grantable`; its keys
 * and its roles elsewhere are untouched.
 */
export async function changeServiceUserRole(
  orgId: string,
  su: ServiceUser,
  body: ChangeRoleBody,
  grantable: GrantableRoleDto[],
  ctx: Ctx,
): Promise<{ serviceUserId: string; role: GrantableRoleDto }> {
  const { serviceUserId } = su;
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

/**
 * Takes a service user of the org (as the route wrapper resolved it) out of the org: it can no longer act there.
 * It is not deleted and its keys are not revoked.
 */
export async function removeServiceUserFromOrg(orgId: string, su: ServiceUser, ctx: Ctx): Promise<{ serviceUserId: string }> {
  const { serviceUserId } = su;
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
 * Replaces a key with a new one. With an overlap, the old key keeps working until then and is revoked afterwards
 * by a `key.revoke` job in the jobs table, in the rotating person's name; without, Devin revokes it at once.
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
    if (revokeOldAt !== null) await scheduleRevocation({ orgId, serviceUserId, apiKeyId, newApiKeyId: key.apiKeyId, revokeAt: revokeOldAt, actor: ctx.user });
    return { token: key.token, apiKeyId: key.apiKeyId, apiKeyName: key.apiKeyName };
  });
}

/** Revokes a key at once; Devin answers 409 if it already was. */
export async function revokeKey(orgId: string, serviceUserId: string, apiKeyId: string, ctx: Ctx): Promise<ApiKeyDto> {
  await getOrgServiceUserOrThrow(orgId, serviceUserId);
  const key = await revokeRecorded(orgId, serviceUserId, apiKeyId, false, ctx);
  // Revoked by hand before its rotation overlap ended: the scheduled revocation has nothing left to do.
  await cancelJob(`${REVOKE_KEY_JOB}:${apiKeyId}`).catch((err: unknown) => log('service-users').warn({ apiKeyId, error: errorFields(err) }, 'could not cancel a scheduled revocation'));
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

/** A key never outlives its service user: a longer lifetime is refused (422 naming the field) rather than silently shortened. */
function keyExpiry(lifetime: KeyLifetimeChoice, su: ServiceUser, field: string): number {
  const result = keyExpiresAt(lifetime, su.expiresAt, now());
  if (!result.ok) throw new ApiError('unprocessable_entity', `${field}: ${result.message}`, { field });
  return result.expiresAt;
}

export const REVOKE_KEY_JOB = 'key.revoke';

interface RevocationPayload {
  serviceUserId: string;
  apiKeyId: string;
  newApiKeyId?: string;
}

/**
 * Queues the old key's revocation for when the overlap ends. The rotation has already happened: if the queue
 * cannot be written the new key is still handed over, and the failure is logged loudly (the old key stays listed
 * without a scheduled revocation, so an admin sees it).
 */
async function scheduleRevocation(r: { orgId: string; serviceUserId: string; apiKeyId: string; newApiKeyId?: string; revokeAt: number; actor: Pick<PortalUser, 'id' | 'email' | 'name'> }) {
  try {
    await enqueueJob({
      kind: REVOKE_KEY_JOB,
      dedupeKey: `${REVOKE_KEY_JOB}:${r.apiKeyId}`,
      dueAt: r.revokeAt,
      orgId: r.orgId,
      actor: { sub: r.actor.id, email: r.actor.email, name: r.actor.name },
      payload: { serviceUserId: r.serviceUserId, apiKeyId: r.apiKeyId, ...(r.newApiKeyId && { newApiKeyId: r.newApiKeyId }) } satisfies RevocationPayload,
      // Retried with backoff (at most 15 min apart) for about a day before it is left to a person.
      maxAttempts: 100,
    });
  } catch (err) {
    log('service-users').error({ orgId: r.orgId, serviceUserId: r.serviceUserId, apiKeyId: r.apiKeyId, error: errorFields(err) }, 'could not schedule the revocation of a rotated key: revoke it by hand');
  }
}

/** When each of the org's rotated keys is due to be revoked, by key id (pending and running jobs). */
async function scheduledRevocations(orgId: string): Promise<Map<string, number>> {
  const jobs = await listJobs({ kind: REVOKE_KEY_JOB, orgId, status: ['pending', 'running'], limit: 10_000 });
  const schedule = new Map<string, number>();
  for (const job of jobs) {
    const id = (job.payload as Partial<RevocationPayload>).apiKeyId;
    // A retried job's due time has moved on; the key was due when it was scheduled.
    if (id) schedule.set(id, job.scheduledAt);
  }
  return schedule;
}

/**
 * The `key.revoke` job: revokes a rotated key once its overlap has ended, in the name of the person who rotated
 * it. A key that is already revoked or expired, or whose service user is gone, needs nothing more; another
 * revoke that got there first (Devin's 409) counts as done. Any other failure throws, and the runner retries.
 */
export async function runKeyRevocationJob(job: Job): Promise<void> {
  const p = job.payload as Partial<RevocationPayload>;
  if (!p.serviceUserId || !p.apiKeyId || !job.orgId || !job.actor) throw new PermanentJobError('payload needs serviceUserId, apiKeyId, an org and an actor');
  const keys = await listKeys(p.serviceUserId).catch((err: unknown) => {
    if (err instanceof UpstreamError && err.status === 404) return [];
    throw err;
  });
  const key = keys.find((k) => k.apiKeyId === p.apiKeyId);
  if (!key || keyStatus(key) !== 'active') {
    log('service-users').info({ apiKeyId: p.apiKeyId, serviceUserId: p.serviceUserId }, 'rotated key already revoked, expired or gone');
    return;
  }
  const actor: PortalUser = { id: job.actor.sub, email: job.actor.email, name: job.actor.name, role: 'member' };
  try {
    await revokeRecorded(job.orgId, p.serviceUserId, p.apiKeyId, true, { user: actor, requestId: randomUUID() });
    log('service-users').info({ apiKeyId: p.apiKeyId, serviceUserId: p.serviceUserId, orgId: job.orgId }, 'revoked a rotated key whose overlap ended');
  } catch (err) {
    if (err instanceof UpstreamError && err.status === 409) return;
    throw err;
  }
}

/** Longer than the longest rotation overlap, so every revocation scheduled before the jobs table is found. */
const SCHEDULE_LOOKBACK_SECONDS = 8 * DAY_SECONDS;

/**
 * Before the jobs table, a rotation's revocation lived only in its trail event. Run once (a job): every such
 * rotation without a later revoke becomes a `key.revoke` job (the dedupe key makes a repeat harmless).
 */
export async function backfillRotationJobs(): Promise<number> {
  const since = now() - SCHEDULE_LOOKBACK_SECONDS;
  const [rotations, revocations] = await Promise.all([allTrail(ROTATE, since), allTrail(REVOKE, since)]);
  const revokedAt = new Map<string, number>();
  for (const e of revocations) if (e.outcome === 'ok' && e.targetIds.apiKeyId) revokedAt.set(e.targetIds.apiKeyId, Math.max(revokedAt.get(e.targetIds.apiKeyId) ?? 0, e.at));
  let added = 0;
  for (const e of rotations) {
    const revokeAt = (e.input as { revokeOldAt?: unknown } | null)?.revokeOldAt;
    const { apiKeyId, serviceUserId, newApiKeyId } = e.targetIds;
    if (e.outcome !== 'ok' || !apiKeyId || !serviceUserId || !e.orgId || typeof revokeAt !== 'number') continue;
    if ((revokedAt.get(apiKeyId) ?? -1) >= e.at) continue;
    const id = await enqueueJob({
      kind: REVOKE_KEY_JOB,
      dedupeKey: `${REVOKE_KEY_JOB}:${apiKeyId}`,
      dueAt: revokeAt,
      orgId: e.orgId,
      actor: { sub: e.actorSub, email: e.actorEmail, name: e.actorName },
      payload: { serviceUserId, apiKeyId, ...(newApiKeyId && { newApiKeyId }) } satisfies RevocationPayload,
      maxAttempts: 100,
    });
    if (id) added++;
  }
  return added;
}

async function allTrail(action: string, timeAfter: number): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  let after: string | null = null;
  do {
    const page = await listTrail({ action, timeAfter, order: 'asc', first: 200, after });
    events.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return events;
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

function toServiceUserDto(su: ServiceUser, orgId: string, keys: ApiKey[], schedule: Map<string, number>): ServiceUserDto {
  const role = su.roleAssignments.find((a) => a.orgId === orgId)?.role ?? null;
  return {
    serviceUserId: su.serviceUserId,
    name: su.name,
    role: role && { roleId: role.roleId, roleName: role.roleName },
    expiresAt: su.expiresAt,
    keyLifetimes: keyLifetimeChoices(su.expiresAt, now()),
    keys: keys
      .map((k) => toKeyDto(k, schedule.get(k.apiKeyId) ?? null))
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
