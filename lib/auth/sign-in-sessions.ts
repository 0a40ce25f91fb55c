import 'server-only';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/lib/storage/db';

/*
 * Server-side sign-in records. The session cookie (a next-auth JWT) carries only the record's id; every
 * request reads the record, so sign-out, an admin's revocation or the IdP's back-channel logout end the
 * sign-in everywhere at once, and its lifetime is absolute from sign-in whatever the cookie says.
 */

export interface SignInRecord {
  sid: string;
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  groups: string[];
  idpSid: string | null;
  createdAt: number;
  expiresAt: number;
}

export type RevokeReason = 'sign-out' | 'admin' | 'idp-logout' | 'role-change';

const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function createSignIn(input: Omit<SignInRecord, 'sid' | 'createdAt' | 'expiresAt'>, lifetimeSeconds: number): Promise<SignInRecord> {
  const db = await getDb();
  const createdAt = nowSeconds();
  const record: SignInRecord = { ...input, sid: randomBytes(24).toString('base64url'), createdAt, expiresAt: createdAt + lifetimeSeconds };
  await db
    .insertInto('sign_in_sessions')
    .values({
      sid: record.sid,
      sub: record.sub,
      email: record.email,
      email_verified: record.emailVerified ? 1 : 0,
      name: record.name,
      groups: JSON.stringify(record.groups),
      idp_sid: record.idpSid,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
      revoked_at: null,
      revoked_reason: null,
    })
    .execute();
  return record;
}

/** The sign-in if it is neither revoked nor past its absolute lifetime; null otherwise. */
export async function findActiveSignIn(sid: string): Promise<SignInRecord | null> {
  const db = await getDb();
  const row = await db
    .selectFrom('sign_in_sessions')
    .selectAll()
    .where('sid', '=', sid)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowSeconds())
    .executeTakeFirst();
  if (!row) return null;
  return {
    sid: row.sid,
    sub: row.sub,
    email: row.email,
    emailVerified: row.email_verified === 1,
    name: row.name,
    groups: parseGroups(row.groups),
    idpSid: row.idp_sid,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function parseGroups(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Revokes the matching sign-ins that are still active; returns how many. Match by one sign-in (`sid`), every
 * sign-in of a person (`sub` or `email`), or the sign-ins made in one IdP session (`idpSid`).
 */
export async function revokeSignIns(match: { sid: string } | { sub: string } | { email: string } | { idpSid: string }, reason: RevokeReason): Promise<number> {
  const db = await getDb();
  let query = db
    .updateTable('sign_in_sessions')
    .set({ revoked_at: nowSeconds(), revoked_reason: reason })
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowSeconds());
  if ('sid' in match) query = query.where('sid', '=', match.sid);
  else if ('sub' in match) query = query.where('sub', '=', match.sub);
  else if ('email' in match) query = query.where('email', '=', match.email.toLowerCase());
  else query = query.where('idp_sid', '=', match.idpSid);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Drops records that ended more than a day ago; they prove nothing any more. */
export async function pruneSignIns(): Promise<number> {
  const db = await getDb();
  const result = await db.deleteFrom('sign_in_sessions').where('expires_at', '<', nowSeconds() - 86_400).executeTakeFirst();
  return Number(result.numDeletedRows);
}
