import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { getAuthOptions } from '@/lib/auth/options';

// GET/POST /api/auth/* – next-auth's sign-in, callback, session and sign-out endpoints
function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(req, ctx, getAuthOptions());
}

export { handler as GET, handler as POST };
