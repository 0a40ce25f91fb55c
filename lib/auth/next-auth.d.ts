import type { PortalRole } from '@/lib/policy/roles';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: PortalRole };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    email?: string | null;
    name?: string | null;
    role?: PortalRole;
    /** The server-side sign-in record's id (lib/auth/sign-in-sessions.ts). */
    sid?: string;
    /** Unix seconds: the sign-in's absolute end. */
    signInExpiresAt?: number;
  }
}
