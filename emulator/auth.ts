import type { Principal } from './context';
import { HttpError } from './http';
import type { State } from './state';
import { isKeyExpired } from './wire';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Resolves `Authorization: Bearer cog_…` to a service user. Missing, unknown,
 * revoked and expired credentials all get 401 (doc §10), and a successful use
 * stamps the key's `last_used_at`.
 */
export function authenticate(state: State, header: string | undefined, nowMs: number): Principal {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw new HttpError(401, 'Not authenticated: send Authorization: Bearer <cog_ token>', { headers: CHALLENGE });
  const now = Math.floor(nowMs / 1000);
  const apiKey = state.keyByToken(match[1]!);
  const serviceUser = apiKey && state.serviceUsers.get(apiKey.serviceUserId);
  const usable =
    apiKey && serviceUser && apiKey.revokedAt === null && !isKeyExpired(apiKey, now) && (serviceUser.expiresAt === null || serviceUser.expiresAt > now);
  if (!usable) throw new HttpError(401, 'Invalid or expired API key', { headers: CHALLENGE });
  apiKey.lastUsedAt = now;
  return { serviceUser };
}
