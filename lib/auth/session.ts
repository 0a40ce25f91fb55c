import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { userOfSignIn } from './options';
import { decodeSessionToken, readSessionCookie } from './session-token';
import { findActiveSignIn } from './sign-in-sessions';
import type { PortalUser } from './types';

/**
 * The signed-in person for this request, or null. Memoised per request.
 *
 * The same checks as next-auth's getServerSession with this portal's callbacks (cookie decrypted with the
 * portal's secret and unexpired; the sign-in it names active in the store and of the same subject; the role
 * derived again from the sign-in's groups and today's configuration), done once: the key is derived once per
 * process, the cookie decrypted once per value, and no rolled cookie is encrypted that no response would carry.
 */
export const getCurrentUser = cache(async (): Promise<PortalUser | null> =>
  // Reading cookies makes the render per-request, which keeps `next build` from prerendering signed-in pages.
  userOfSessionCookie(readSessionCookie(await cookies())),
);

async function userOfSessionCookie(cookie: string | undefined): Promise<PortalUser | null> {
  const claims = await decodeSessionToken(cookie, env().NEXTAUTH_SECRET);
  if (!claims) return null;
  const record = await findActiveSignIn(claims.sid);
  if (!record || record.sub !== claims.sub) return null;
  return userOfSignIn(record);
}

/** For pages: the signed-in person, or a redirect to sign-in. */
export async function requireUser(): Promise<PortalUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  return user;
}
