import 'server-only';
import { assertOrgAccess, type OrgAccess } from '@/lib/access/org-access';
import { ApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { findTrailByTargetIds, recordWrite } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import type { Session } from '@/lib/upstream/types';
import { toMessageDto, toSessionDto } from './map';
import { followMessages, type MessagesSnapshot } from './messages-tail';
import type { MessagesPageDto, SendMessageResult, SessionDetailDto, SessionDto } from './schemas';
import { isImpersonationRefused } from './start';

interface Loaded {
  access: OrgAccess;
  session: Session;
}

/** The org check and the session read run side by side; the org check's verdict wins, so ids never leak. */
async function loadSession(user: PortalUser, orgId: string, sessionId: string): Promise<Loaded> {
  const [access, session] = await Promise.allSettled([assertOrgAccess(user, orgId), getDevinClient().sessions.get(orgId, sessionId)]);
  if (access.status === 'rejected') throw access.reason;
  if (session.status === 'rejected') throw session.reason;
  return { access: access.value, session: session.value };
}

/** Who may steer a session: whoever started it (as themselves, or through the portal as the service user), org admins, portal admins. */
async function steering(user: PortalUser, { access, session }: Loaded): Promise<{ canSteer: boolean; requestedBy: string | null }> {
  let requestedBy: string | null = null;
  let startedByViewer = session.userId !== null && session.userId === access.devinUserId;
  if (session.userId === null) {
    const started = (await findTrailByTargetIds([session.sessionId])).find((e) => e.action === 'session.create' && e.outcome === 'ok');
    requestedBy = started?.actorName ?? null;
    startedByViewer = started?.actorSub === user.id;
  }
  const canSteer = access.allOrgs || Boolean(access.memberships.get(session.orgId)?.isOrgAdmin) || startedByViewer;
  return { canSteer, requestedBy };
}

async function loadForWrite(user: PortalUser, orgId: string, sessionId: string): Promise<Loaded> {
  const loaded = await loadSession(user, orgId, sessionId);
  if (!(await steering(user, loaded)).canSteer) {
    throw new ApiError('forbidden', 'Only the person who started this session, an admin of its organization or a portal admin can change it.');
  }
  return loaded;
}

export async function getSessionDetail(user: PortalUser, orgId: string, sessionId: string): Promise<SessionDetailDto> {
  const loaded = await loadSession(user, orgId, sessionId);
  return { ...toSessionDto(loaded.session, loaded.access.devinUserId), ...(await steering(user, loaded)) };
}

/** One page of messages, oldest first. */
export async function listSessionMessages(
  user: PortalUser,
  orgId: string,
  sessionId: string,
  page: { first: number; after?: string | null },
): Promise<MessagesPageDto> {
  await assertOrgAccess(user, orgId);
  return fetchMessagesPage(orgId, sessionId, page);
}

/** Everything said so far (up to a bound; the client carries on from where this stops). */
export async function readSessionMessages(user: PortalUser, orgId: string, sessionId: string): Promise<MessagesSnapshot> {
  await assertOrgAccess(user, orgId);
  return followMessages((after) => fetchMessagesPage(orgId, sessionId, { first: 200, after }), undefined, 10);
}

async function fetchMessagesPage(orgId: string, sessionId: string, page: { first: number; after?: string | null }): Promise<MessagesPageDto> {
  const result = await getDevinClient().sessions.listMessages(orgId, sessionId, { first: page.first, after: page.after ?? null });
  return { items: result.items.map(toMessageDto), endCursor: result.endCursor, hasNextPage: result.hasNextPage };
}

/**
 * Sends a message as the person (a suspended session resumes). Falls back to the
 * service user, and says so, when the token may not impersonate.
 */
export async function sendSessionMessage(
  user: PortalUser,
  orgId: string,
  sessionId: string,
  message: string,
  requestId: string,
): Promise<SendMessageResult> {
  const { access } = await loadForWrite(user, orgId, sessionId);
  const asUserId = access.memberships.has(orgId) ? access.devinUserId : null;
  const send = (messageAsUserId: string | null) =>
    recordWrite({
      actor: user,
      action: 'session.message',
      orgId,
      requestId,
      input: { message, messageAsUserId },
      targets: () => ({ sessionId }),
      run: () => getDevinClient().sessions.sendMessage(orgId, sessionId, { message, messageAsUserId }),
    });
  if (asUserId) {
    try {
      return { session: toSessionDto(await send(asUserId), access.devinUserId), sentAs: 'you' };
    } catch (err) {
      if (!isImpersonationRefused(err)) throw err;
    }
  }
  return { session: toSessionDto(await send(null), access.devinUserId), sentAs: 'service-user' };
}

/**
 * Changes the session's tags: `add` merges (Devin de-duplicates), `replace` sets
 * the whole list (the only way to remove one). Answers with all of its tags.
 */
export async function setSessionTags(
  user: PortalUser,
  orgId: string,
  sessionId: string,
  change: { mode: 'add' | 'replace'; tags: string[] },
  requestId: string,
): Promise<{ tags: string[] }> {
  await loadForWrite(user, orgId, sessionId);
  const sessions = getDevinClient().sessions;
  const all = await recordWrite({
    actor: user,
    action: 'session.tags',
    orgId,
    requestId,
    input: change,
    targets: () => ({ sessionId }),
    run: () => (change.mode === 'add' ? sessions.addTags : sessions.replaceTags)(orgId, sessionId, change.tags),
  });
  return { tags: all };
}

/** Ends the session for good (it cannot be resumed), optionally archiving it too. */
export async function terminateSession(user: PortalUser, orgId: string, sessionId: string, archive: boolean, requestId: string): Promise<SessionDto> {
  const { access } = await loadForWrite(user, orgId, sessionId);
  const session = await recordWrite({
    actor: user,
    action: 'session.terminate',
    orgId,
    requestId,
    input: { archive },
    targets: () => ({ sessionId }),
    run: () => getDevinClient().sessions.terminate(orgId, sessionId, { archive }),
  });
  return toSessionDto(session, access.devinUserId);
}

/** Archives the session (a working Devin is put to sleep); it can still be read, not changed. */
export async function archiveSession(user: PortalUser, orgId: string, sessionId: string, requestId: string): Promise<SessionDto> {
  const { access } = await loadForWrite(user, orgId, sessionId);
  const session = await recordWrite({
    actor: user,
    action: 'session.archive',
    orgId,
    requestId,
    targets: () => ({ sessionId }),
    run: () => getDevinClient().sessions.archive(orgId, sessionId),
  });
  return toSessionDto(session, access.devinUserId);
}
