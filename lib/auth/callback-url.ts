/**
 * Where to send someone after sign-in: a path on the portal's own origin, or `fallback`. Anything that could
 * leave the origin (`//evil`, `/\evil`, another host), carries control characters (CR/LF) or does not parse
 * is replaced, never thrown on: a junk callback URL or cookie must not become a 5xx. Client-safe and pure.
 */
export function safeCallbackPath(url: unknown, origin: string, fallback = '/'): string {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2_000) return fallback;
  // Backslashes are read as slashes by browsers; control characters split headers.
  if (/[\\\u0000-\u001f\u007f]/.test(url)) return fallback;
  try {
    const base = new URL(origin);
    const target = new URL(url, base);
    if (target.origin !== base.origin) return fallback;
    const path = `${target.pathname}${target.search}${target.hash}`;
    return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
  } catch {
    return fallback;
  }
}
