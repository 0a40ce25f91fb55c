import { STYLE_SOURCE } from './views';

/**
 * Security headers for every IdP response (its own pages, and oidc-provider's
 * error, logout and form_post pages).
 *
 * `form-action` lists the clients' origins besides 'self': browsers apply it to
 * the redirects that follow a form submission, and the login form ends in a
 * redirect to the client's redirect_uri (the logout form in its
 * post_logout_redirect_uri). `script-src 'self'` lets oidc-provider append the
 * hash of its one inline script (the form_post auto-submit); the IdP serves no
 * script files.
 */
export function securityHeaders(clientOrigins: Iterable<string>): Record<string, string> {
  const formAction = ["'self'", ...new Set(clientOrigins)].join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      `style-src ${STYLE_SOURCE}`,
      "img-src 'self' data:",
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
