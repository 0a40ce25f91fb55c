import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';

// Gate 1 (Next 16's middleware): only turns anonymous visitors away and sets
// the per-request CSP. Every route handler and page checks the session and
// the person's rights again on the server; this is not the security boundary.

// /api/metrics checks its own bearer token (METRICS_TOKEN); the health routes answer anonymous callers without detail.
const PUBLIC_PATHS = ['/signin', '/api/auth/', '/api/health', '/api/health/', '/api/metrics'];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || (p.endsWith('/') && pathname.startsWith(p)));

  if (!isPublic) {
    const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
    if (!token) {
      if (pathname.startsWith('/api/')) {
        return NextResponse.json(
          { error: { code: 'unauthorized', message: 'Sign in to use the portal.' } },
          { status: 401, headers: { 'Cache-Control': 'no-store' } },
        );
      }
      const signIn = new URL('/signin', req.url);
      signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
      return NextResponse.redirect(signIn);
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('Content-Security-Policy', csp);
  // Over https, browsers must never come back over plain http (the session cookie is then __Secure- and Secure).
  if (process.env.NEXTAUTH_URL?.startsWith('https://')) res.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  if (pathname.startsWith('/api/')) res.headers.set('Cache-Control', 'no-store');
  return res;
}

function contentSecurityPolicy(nonce: string) {
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React style props and the chart library write style attributes, which nonces cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // The sign-in form ends in a redirect to the IdP, which form-action also governs.
    `form-action 'self'${issuerOrigin()}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

function issuerOrigin() {
  try {
    return process.env.OIDC_ISSUER ? ` ${new URL(process.env.OIDC_ISSUER).origin}` : '';
  } catch {
    return '';
  }
}

export const config = {
  // Everything but Next's own build assets and the two well-known files: a page whose path merely ends in
  // `.txt` or `.json` (/orgs/x.json) is still a page, and gets the gate and the CSP like any other.
  matcher: ['/((?!_next/static/|_next/image|favicon\\.ico$|robots\\.txt$).*)'],
};
