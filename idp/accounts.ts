import { createHash, timingSafeEqual } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoPerson } from '../demo/directory';

/**
 * The IdP's employees: the shared demo directory. The subject is the
 * person's stable key; everyone signs in with the demo password.
 */

export interface IdpAccount {
  sub: string;
  name: string;
  email: string;
  groups: string[];
}

/** Claims released for an account; oidc-provider filters them by the granted scopes. */
export interface AccountClaims {
  [claim: string]: unknown;
  sub: string;
  name: string;
  email: string;
  email_verified: true;
  groups: string[];
}

export type Authentication = { ok: true; account: IdpAccount } | { ok: false; reason: 'unknown email' | 'wrong password' };

const toAccount = (p: DemoPerson): IdpAccount => ({ sub: p.key, name: p.name, email: p.email, groups: [...p.groups] });

const bySubject = new Map(DEMO_PEOPLE.map((p) => [p.key, toAccount(p)]));
const byEmail = new Map(DEMO_PEOPLE.map((p) => [normalizeEmail(p.email), toAccount(p)]));
const passwordDigest = sha256(DEMO_PASSWORD);

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findAccount(sub: string): IdpAccount | undefined {
  return bySubject.get(sub);
}

/** Checks an email (any case) and password. The password is compared in constant time, known email or not. */
export function authenticate(email: string, password: string): Authentication {
  const account = byEmail.get(normalizeEmail(email));
  const passwordMatches = timingSafeEqual(sha256(password), passwordDigest);
  if (!account) return { ok: false, reason: 'unknown email' };
  if (!passwordMatches) return { ok: false, reason: 'wrong password' };
  return { ok: true, account };
}

export function accountClaims(account: IdpAccount): AccountClaims {
  return { sub: account.sub, name: account.name, email: account.email, email_verified: true, groups: [...account.groups] };
}

/** The accounts worth signing in with, for the login page and the CLI banner. */
export function featuredAccounts(): { email: string; description: string }[] {
  return DEMO_PEOPLE.filter((p) => p.featured).map((p) => ({ email: p.email, description: p.featured! }));
}

export { DEMO_PASSWORD };

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
