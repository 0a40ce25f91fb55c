import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { DevinClient } from '@/lib/upstream';
import { collectAll } from '@/lib/upstream/pagination';
import type { UserWithIdpRoles } from '@/lib/upstream/types';

const sameEmail = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The one Devin user an SSO email names, or null when Devin does not know the address.
 *
 * Fails closed: of what the `email=` filters return (people with direct roles, and people who
 * belong through IdP groups), only exact matches count (case-insensitive), and two different
 * users with that address are an error, never a merge of their orgs.
 */
export async function findDevinUserIdByEmail(devin: DevinClient, email: string): Promise<string | null> {
  const [direct, viaIdp] = await Promise.all([
    collectAll((after) => devin.members.listEnterpriseUsers({ email, after })),
    collectAll((after) => devin.members.listIdpUsers({ email, after })),
  ]);
  const ids = new Set([...direct, ...viaIdp].filter((u) => sameEmail(u.email, email)).map((u) => u.userId));
  if (ids.size > 1) {
    throw new ApiError(
      'conflict',
      `Devin lists ${ids.size} different users with the email ${email}, so the portal cannot tell which one is you. Ask a Devin admin to remove the duplicate.`,
    );
  }
  return ids.values().next().value ?? null;
}

/**
 * A person's Devin user with every role they hold, direct and through IdP groups, in one read
 * (`GET /v3/enterprise/members/users/{user_id}`), or null when Devin does not know them.
 */
export async function findDevinUserByEmail(devin: DevinClient, email: string): Promise<UserWithIdpRoles | null> {
  const userId = await findDevinUserIdByEmail(devin, email);
  if (!userId) return null;
  const user = await devin.members.getEnterpriseUser(userId);
  // The record must still be the signed-in person's: an address changed in between is not theirs to use.
  return sameEmail(user.email, email) ? user : null;
}
