import 'server-only';
import type { OrgAccess } from '@/lib/access/org-access';
import { ApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { recordWrite } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import type { Session } from '@/lib/upstream/types';
import { toSessionDto } from './map';
import { resolveOrgs, teamTag, type SessionOrg } from './orgs';
import type { CreateSessionBody, CreateSessionResult, FallbackReason } from './schemas';
import { claimSubmission, completeSubmission, releaseSubmission } from './submissions';

const IMPERSONATE_PERMISSION = 'ImpersonateOrgSessions';

/** Devin refused to act as the person because the portal's token may not impersonate: the cue to fall back. */
export function isImpersonationRefused(err: unknown): boolean {
  return err instanceof UpstreamError && err.status === 403 && err.missingPermission === IMPERSONATE_PERMISSION;
}

/** Starts a session in one org the person may use. See startSessionIn. */
export async function startSession(user: PortalUser, orgId: string, input: CreateSessionBody, requestId: string): Promise<CreateSessionResult> {
  const { access, orgs } = await resolveOrgs(user, [orgId]);
  return startSessionIn({ user, access, org: orgs[0]!, input, requestId });
}

/**
 * Starts a session as the person (create_as_user_id), tagged with the team and
 * recorded in the trail. Falls back to the portal's service user, and says so,
 * when the person is not an org member in Devin or the token may not impersonate.
 * The same prompt to the same org within the window returns the earlier session
 * instead, unless `input.confirmDuplicate`. The caller has checked org access.
 */
export async function startSessionIn(s: {
  user: PortalUser;
  access: OrgAccess;
  org: SessionOrg;
  input: CreateSessionBody;
  requestId: string;
}): Promise<CreateSessionResult> {
  const { user, access, org, input, requestId } = s;
  const devin = getDevinClient();
  const cap = org.maxSessionAcuLimit;
  if (input.maxAcuLimit !== undefined && cap !== null && input.maxAcuLimit > cap) {
    throw new ApiError('unprocessable_entity', `maxAcuLimit: must be at most ${cap}, the per-session cap of ${org.name}`, { field: 'maxAcuLimit' });
  }

  let claim = await claimSubmission({ actorSub: user.id, orgId: org.orgId, prompt: input.prompt, force: input.confirmDuplicate });
  if (claim.kind === 'duplicate') {
    const earlier = await devin.sessions.get(org.orgId, claim.sessionId).catch((err: unknown) => {
      if (err instanceof UpstreamError && err.status === 404) return null;
      throw err;
    });
    if (earlier) return { outcome: 'duplicate', session: toSessionDto(earlier, access.devinUserId), submittedAt: claim.submittedAt };
    // The earlier session is gone from Devin: nothing to send the person back to.
    claim = await claimSubmission({ actorSub: user.id, orgId: org.orgId, prompt: input.prompt, force: true });
  }
  if (claim.kind !== 'claimed') {
    throw new ApiError('conflict', `This prompt is already being started in ${org.name}. Wait a moment, then look for it in your sessions.`);
  }

  const asUserId = access.memberships.has(org.orgId) ? access.devinUserId : null;
  const base = {
    prompt: input.prompt,
    title: input.title ?? null,
    playbookId: input.playbookId ?? null,
    maxAcuLimit: input.maxAcuLimit ?? null,
  };
  const tags = [...new Set([...input.tags, teamTag(org.name)])];
  const create = (createAsUserId: string | null, reason?: FallbackReason) =>
    recordWrite({
      actor: user,
      action: 'session.create',
      orgId: org.orgId,
      requestId,
      input: { ...base, tags, createAsUserId, ...(reason && { startedAs: 'service-user', fallbackReason: reason }) },
      targets: (session: Session) => ({ sessionId: session.sessionId }),
      // Without impersonation Devin records only the service user; the tag keeps the person findable there.
      run: () => devin.sessions.create(org.orgId, { ...base, tags: createAsUserId ? tags : [...tags, requestedByTag(user)], createAsUserId }),
    });

  try {
    let result: CreateSessionResult;
    if (!asUserId) {
      result = { outcome: 'created', startedAs: 'service-user', reason: 'not-a-member', session: toSessionDto(await create(null, 'not-a-member'), access.devinUserId) };
    } else {
      try {
        result = { outcome: 'created', startedAs: 'you', session: toSessionDto(await create(asUserId), access.devinUserId) };
      } catch (err) {
        if (!isImpersonationRefused(err)) throw err;
        const session = await create(null, 'impersonation-not-permitted');
        result = { outcome: 'created', startedAs: 'service-user', reason: 'impersonation-not-permitted', session: toSessionDto(session, access.devinUserId) };
      }
    }
    await completeSubmission(claim, result.session.sessionId);
    return result;
  } catch (err) {
    await releaseSubmission(claim).catch(() => undefined);
    throw err;
  }
}

function requestedByTag(user: PortalUser): string {
  return `requested-by:${user.email}`.slice(0, 64);
}

