import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getAuthOptions } from './options';
import type { PortalUser } from './types';

/** The signed-in person for this request, or null. Memoised per request. */
export const getCurrentUser = cache(async (): Promise<PortalUser | null> => {
  // Per-request by nature: keeps `next build` from trying to prerender signed-in pages.
  await connection();
  const session = await getServerSession(getAuthOptions());
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name || user.email, role: user.role };
});

/** For pages: the signed-in person, or a redirect to sign-in. */
export async function requireUser(): Promise<PortalUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  return user;
}
