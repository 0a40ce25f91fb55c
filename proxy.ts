import { NextResponse, type NextRequest } from 'next/server';
import { withTransportSecurity } from '@/lib/api/transport-security';
import { decodeSessionToken, readSessionCookie } from '@/lib/auth/session-token';

// The request gate (Next 16's middleware, renamed proxy): for pages only, it sends visitors without a valid session
// cookie to sign-in and sets the per-request CSP. It is not the security boundary: every page and route handler
// checks the session, the sign-in record and the person's rights on the server. It does not run for /api/*: the
// route wrapper (lib/api/route.ts) does all of that itself and sets its own headers, so running here too would
// only decrypt the cookie twice.

const PUBLIC_PAGES = ['/signin'];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (!PUBLIC_PAGES.includes(pathname)) {
    // The same decode the page then does, remembered per cookie value (on globalThis, which the gate and the app
    // share when they run in one process, as `next start` and the standalone server do).
    const claims = await decodeSessionToken(readSessionCookie(req.cookies), process.env.NEXTAUTH_SECRET);
    if (!claims) {
      const signIn = new URL('/signin', req.url);
      signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
      return withTransportSecurity(NextResponse.redirect(signIn));
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
  return withTransportSecurity(res);
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
  // Every page: everything but the API (the route wrapper guards it), Next's own build assets and the two
  // well-known files. A page whose path merely ends in `.txt` or `.json` (/orgs/x.json) is still a page, and gets
  // the gate and the CSP like any other.
  matcher: ['/((?!api/|_next/static/|_next/image|favicon\\.ico$|robots\\.txt$).*)'],
};
