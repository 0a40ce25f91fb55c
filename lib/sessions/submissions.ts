import 'server-only';
import { createHash } from 'node:crypto';
import { getDb } from '@/lib/storage/db';
import { DUPLICATE_WINDOW_SECONDS } from './schemas';

/** A claim with no session after this long belongs to a request that died mid-way; it may be taken over. */
const ABANDONED_AFTER_SECONDS = 120;

export type SubmissionClaim =
  | { kind: 'claimed'; id: string; claimedAt: number }
  | { kind: 'duplicate'; sessionId: string; submittedAt: number }
  | { kind: 'in-flight'; submittedAt: number };

const now = () => Math.floor(Date.now() / 1000);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Whitespace and case differences do not make a prompt new. */
function promptHash(prompt: string): string {
  return sha256(prompt.trim().replace(/\s+/g, ' ').toLowerCase());
}

/**
 * Claims the right to start a session for (person, org, prompt). One row per
 * triple, taken with insert-or-nothing and compare-and-set, so two tabs
 * submitting at once cannot both pass, on SQLite and PostgreSQL alike.
 * `force` (the person confirmed) takes the claim even inside the window.
 */
export async function claimSubmission(c: { actorSub: string; orgId: string; prompt: string; force: boolean }): Promise<SubmissionClaim> {
  const db = await getDb();
  const hash = promptHash(c.prompt);
  const id = sha256(`${c.actorSub}\n${c.orgId}\n${hash}`);
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimedAt = now();
    const inserted = await db
      .insertInto('session_submissions')
      .values({ id, actor_sub: c.actorSub, org_id: c.orgId, prompt_hash: hash, session_id: null, created_at: claimedAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { kind: 'claimed', id, claimedAt };

    const row = await db.selectFrom('session_submissions').select(['session_id', 'created_at']).where('id', '=', id).executeTakeFirst();
    if (!row) continue;
    const submittedAt = Number(row.created_at);
    const age = claimedAt - submittedAt;
    if (!c.force && row.session_id && age < DUPLICATE_WINDOW_SECONDS) return { kind: 'duplicate', sessionId: row.session_id, submittedAt };
    if (!c.force && !row.session_id && age < ABANDONED_AFTER_SECONDS) return { kind: 'in-flight', submittedAt };

    let update = db
      .updateTable('session_submissions')
      .set({ session_id: null, created_at: claimedAt })
      .where('id', '=', id)
      .where('created_at', '=', submittedAt);
    update = row.session_id ? update.where('session_id', '=', row.session_id) : update.where('session_id', 'is', null);
    const updated = await update.executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return { kind: 'claimed', id, claimedAt };
  }
  // Three lost races in a row: someone else is submitting this very prompt right now.
  return { kind: 'in-flight', submittedAt: now() };
}

/** Records the session a claim produced, so a repeat within the window finds it. */
export async function completeSubmission(claim: { id: string; claimedAt: number }, sessionId: string): Promise<void> {
  const db = await getDb();
  await db
    .updateTable('session_submissions')
    .set({ session_id: sessionId })
    .where('id', '=', claim.id)
    .where('created_at', '=', claim.claimedAt)
    .execute();
}

/** Gives a claim back after the start failed, so trying again is not mistaken for a repeat. */
export async function releaseSubmission(claim: { id: string; claimedAt: number }): Promise<void> {
  const db = await getDb();
  await db
    .deleteFrom('session_submissions')
    .where('id', '=', claim.id)
    .where('created_at', '=', claim.claimedAt)
    .where('session_id', 'is', null)
    .execute();
}
