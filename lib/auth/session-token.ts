import { hkdfSync } from 'node:crypto';
import { jwtDecrypt, type JWTPayload } from 'jose';

/*
 * Reads next-auth's session cookie (a JWE, `dir` + A256GCM) exactly as next-auth's own `decode` does, with the
 * same key (HKDF-SHA256 of NEXTAUTH_SECRET, empty salt, next-auth's info string) and the same 15 s clock
 * tolerance, but with the key derived once per secret instead of on every call, and each cookie value decrypted
 * once: the request gate (proxy.ts) and the page or route handler behind it share the result.
 *
 * Decryption only proves the cookie was minted by this portal and has not expired; whether the sign-in it names
 * is still active is decided by the caller against the store, on every request (lib/auth/session.ts).
 */

export interface SessionClaims {
  sub: string;
  sid: string;
  exp: number;
}

const INFO = 'NextAuth.js Generated Encryption Key';
const CLOCK_TOLERANCE_S = 15;
const MAX_REMEMBERED = 5_000;

interface Memo {
  secret: string;
  key: Uint8Array;
  /** Cookie value → its claims; insertion-ordered, so the oldest entry is dropped first. */
  decoded: Map<string, SessionClaims>;
}

// On globalThis: proxy.ts and the app's route and page bundles each get their own copy of this module.
const shared = globalThis as typeof globalThis & { __portalSessionTokens?: Memo };

function memoFor(secret: string): Memo {
  const memo = shared.__portalSessionTokens;
  if (memo?.secret === secret) return memo;
  const key = new Uint8Array(hkdfSync('sha256', secret, '', INFO, 32));
  shared.__portalSessionTokens = { secret, key, decoded: new Map() };
  return shared.__portalSessionTokens;
}

/** The cookie next-auth writes: `__Secure-` over https. Large values are split into `name.0`, `name.1`, …. */
export function sessionCookieName(): string {
  return process.env.NEXTAUTH_URL?.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** The session cookie's value from a cookie jar, joining chunks the way next-auth writes them. */
export function readSessionCookie(jar: { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] }): string | undefined {
  const name = sessionCookieName();
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length ? chunks.map((c) => c.value).join('') : undefined;
}

/** The claims of a session cookie this portal minted and that has not expired; null for anything else. */
export async function decodeSessionToken(token: string | undefined, secret: string | undefined): Promise<SessionClaims | null> {
  if (!token || !secret) return null;
  const memo = memoFor(secret);
  const now = Math.floor(Date.now() / 1000);
  const known = memo.decoded.get(token);
  if (known) {
    if (known.exp + CLOCK_TOLERANCE_S > now) return known;
    memo.decoded.delete(token);
    return null;
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtDecrypt(token, memo.key, { clockTolerance: CLOCK_TOLERANCE_S }));
  } catch {
    return null;
  }
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
  const claims: SessionClaims = { sub: payload.sub, sid: payload.sid, exp: payload.exp };
  if (memo.decoded.size >= MAX_REMEMBERED) memo.decoded.delete(memo.decoded.keys().next().value!);
  memo.decoded.set(token, claims);
  return claims;
}
