import { z } from 'zod';
import { recordAudit } from '../audit';
import { apiRoute, nowSeconds, param, requirePermission, type ApiContext } from '../context';
import { HttpError, invalidField } from '../http';
import { mapPage, pageParams, paginate } from '../pagination';
import type { ApiKey, ServiceUser } from '../state';
import { freshToken } from '../tokens';
import { nameSchema, parseBody, parseQuery } from '../validation';
import { apiKeyToWire, apiKeyWithTokenToWire, isKeyExpired } from '../wire';
import { assertCanGrant, serviceUserOr404 } from './service-users';

const createKeyBody = z.object({ name: nameSchema, expires_at: z.number().int().nullish() });
const rotateBody = z.object({ new_key_expires_at: z.number().int().nullish(), revoke_current: z.boolean().default(true) });
/** INFERRED: an enum offering `all` suggests it is not the default; `active` is what a key list usually means. */
const listKeysQuery = z.object({ ...pageParams, status: z.enum(['active', 'revoked', 'expired', 'all']).default('active') });

function owner(ctx: ApiContext): ServiceUser {
  requirePermission(ctx, 'ManageAccountServiceUsers');
  return serviceUserOr404(ctx.state, param(ctx, 'service_user_id'));
}

/**
 * INFERRED: a key is as strong as its service user's roles, so minting one
 * obeys the same rule as provisioning: no more than the caller holds.
 */
function assertCanMintFor(ctx: ApiContext, serviceUser: ServiceUser): void {
  for (const a of serviceUser.assignments) assertCanGrant(ctx, ctx.state.role(a.roleId).permissions, a.orgId);
}

function keyOr404(ctx: ApiContext, serviceUser: ServiceUser): ApiKey {
  const key = ctx.state.apiKeys.get(param(ctx, 'api_key_id'));
  if (!key || key.serviceUserId !== serviceUser.id) {
    throw new HttpError(404, `API key ${param(ctx, 'api_key_id')} not found for service user ${serviceUser.id}`);
  }
  return key;
}

function futureExpiry(ctx: ApiContext, value: number | null | undefined, field: string): number | null {
  if (value == null) return null;
  if (value <= nowSeconds(ctx)) throw invalidField(['body', field], 'Expiry must be in the future');
  return value;
}

function mintKey(ctx: ApiContext, serviceUser: ServiceUser, name: string, expiresAt: number | null): ApiKey {
  const key: ApiKey = {
    id: ctx.state.newId('apikey', 24),
    name,
    serviceUserId: serviceUser.id,
    token: freshToken(),
    createdAt: nowSeconds(ctx),
    expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  };
  ctx.state.addApiKey(key);
  return key;
}

// POST /v3beta1/enterprise/service-users/{service_user_id}/api-keys
function createKey(ctx: ApiContext) {
  const serviceUser = owner(ctx);
  const body = parseBody(ctx.rawBody, createKeyBody);
  assertCanMintFor(ctx, serviceUser);
  const key = mintKey(ctx, serviceUser, body.name, futureExpiry(ctx, body.expires_at, 'expires_at'));
  recordAudit(ctx, 'create_service_user_api_key', {
    data: { service_user_id: serviceUser.id, api_key_id: key.id, api_key_name: key.name, expires_at: key.expiresAt },
  });
  return apiKeyWithTokenToWire(key);
}

// GET /v3beta1/enterprise/service-users/{service_user_id}/api-keys?status=
function listKeys(ctx: ApiContext) {
  const serviceUser = owner(ctx);
  const q = parseQuery(ctx.query, listKeysQuery);
  const now = nowSeconds(ctx);
  const keep = {
    active: (k: ApiKey) => k.revokedAt === null && !isKeyExpired(k, now),
    revoked: (k: ApiKey) => k.revokedAt !== null,
    expired: (k: ApiKey) => k.revokedAt === null && isKeyExpired(k, now),
    all: () => true,
  }[q.status];
  const keys = [...ctx.state.apiKeys.values()]
    .filter((k) => k.serviceUserId === serviceUser.id && keep(k))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return mapPage(
    paginate(keys, q, (k) => [k.createdAt, k.id]),
    (k) => apiKeyToWire(k, now),
  );
}

// DELETE /v3beta1/enterprise/service-users/{service_user_id}/api-keys/{api_key_id}: revoke
function revokeKey(ctx: ApiContext) {
  const serviceUser = owner(ctx);
  const key = keyOr404(ctx, serviceUser);
  if (key.revokedAt !== null) throw new HttpError(409, `API key ${key.id} is already revoked`);
  key.revokedAt = nowSeconds(ctx);
  recordAudit(ctx, 'revoke_service_user_api_key', { data: { service_user_id: serviceUser.id, api_key_id: key.id, api_key_name: key.name } });
  return apiKeyToWire(key, nowSeconds(ctx));
}

/*
 * POST /v3beta1/enterprise/service-users/{service_user_id}/api-keys/{api_key_id}/rotate.
 * The new key keeps the name; it expires at new_key_expires_at, else never.
 * revoke_current=false leaves both keys active for a graceful rollover.
 */
function rotateKey(ctx: ApiContext) {
  const serviceUser = owner(ctx);
  const key = keyOr404(ctx, serviceUser);
  const body = parseBody(ctx.rawBody, rotateBody, { optional: true });
  const now = nowSeconds(ctx);
  if (key.revokedAt !== null || isKeyExpired(key, now)) {
    throw new HttpError(400, `API key ${key.id} is not active (${key.revokedAt !== null ? 'revoked' : 'expired'}); only an active key can be rotated`);
  }
  assertCanMintFor(ctx, serviceUser);
  const next = mintKey(ctx, serviceUser, key.name, futureExpiry(ctx, body.new_key_expires_at, 'new_key_expires_at'));
  if (body.revoke_current) key.revokedAt = now;
  recordAudit(ctx, 'rotate_service_user_api_key', {
    data: { service_user_id: serviceUser.id, api_key_id: key.id, new_api_key_id: next.id, revoked_current: body.revoke_current },
  });
  return apiKeyWithTokenToWire(next);
}

const KEYS = '/v3beta1/enterprise/service-users/:service_user_id/api-keys';

export const apiKeyRoutes = [
  apiRoute('POST', KEYS, createKey),
  apiRoute('GET', KEYS, listKeys),
  apiRoute('DELETE', `${KEYS}/:api_key_id`, revokeKey),
  apiRoute('POST', `${KEYS}/:api_key_id/rotate`, rotateKey),
];
