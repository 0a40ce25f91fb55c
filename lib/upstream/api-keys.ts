import 'server-only';
import type { Transport } from './client';
import { toApiKey, toApiKeyWithToken, toPage } from './map';
import { apiKeyPageSchema, apiKeySchema, apiKeyWithTokenSchema, createApiKeyBodySchema, listApiKeysQuerySchema, rotateApiKeyBodySchema } from './schemas';
import type { ApiKey, ApiKeyStatus, ApiKeyWithToken, CreateApiKeyInput, Page, PageParams, RotateApiKeyInput } from './types';

const KEYS = '/v3beta1/enterprise/service-users/{service_user_id}/api-keys';
const KEY = `${KEYS}/{api_key_id}`;

/** Service-user API keys (beta, enterprise). Tokens in results are shown once: never store or log them. */
export function createApiKeysApi(call: Transport) {
  return {
    // POST /v3beta1/enterprise/service-users/{service_user_id}/api-keys
    async create(serviceUserId: string, input: CreateApiKeyInput): Promise<ApiKeyWithToken> {
      const wire = await call({
        method: 'POST',
        path: KEYS,
        params: { service_user_id: serviceUserId },
        body: { name: input.name, expires_at: input.expiresAt },
        bodySchema: createApiKeyBodySchema,
        response: apiKeyWithTokenSchema,
      });
      return toApiKeyWithToken(wire);
    },

    // GET /v3beta1/enterprise/service-users/{service_user_id}/api-keys
    async list(serviceUserId: string, filters: PageParams & { status?: ApiKeyStatus } = {}): Promise<Page<ApiKey>> {
      const wire = await call({
        method: 'GET',
        path: KEYS,
        params: { service_user_id: serviceUserId },
        query: { status: filters.status, first: filters.first, after: filters.after },
        querySchema: listApiKeysQuerySchema,
        response: apiKeyPageSchema,
      });
      return toPage(wire, toApiKey);
    },

    // DELETE /v3beta1/enterprise/service-users/{service_user_id}/api-keys/{api_key_id} (404 unknown, 409 already revoked)
    async revoke(serviceUserId: string, apiKeyId: string): Promise<ApiKey> {
      const wire = await call({ method: 'DELETE', path: KEY, params: { service_user_id: serviceUserId, api_key_id: apiKeyId }, response: apiKeySchema });
      return toApiKey(wire);
    },

    // POST /v3beta1/enterprise/service-users/{service_user_id}/api-keys/{api_key_id}/rotate (400 if the key is not active)
    async rotate(serviceUserId: string, apiKeyId: string, input: RotateApiKeyInput = {}): Promise<ApiKeyWithToken> {
      const wire = await call({
        method: 'POST',
        path: `${KEY}/rotate`,
        params: { service_user_id: serviceUserId, api_key_id: apiKeyId },
        body: { new_key_expires_at: input.newKeyExpiresAt, revoke_current: input.revokeCurrent },
        bodySchema: rotateApiKeyBodySchema,
        response: apiKeyWithTokenSchema,
      });
      return toApiKeyWithToken(wire);
    },
  };
}

export type ApiKeysApi = ReturnType<typeof createApiKeysApi>;
