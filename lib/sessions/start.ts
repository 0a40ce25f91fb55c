import 'server-only';
import type { OrgAccess } from '@/lib/access/org-access';
import { tierRank } from '@/lib/access/org-roles';
import { ApiError } from '@/lib/api/errors';
import { rateLimited, takeToken } from '@/lib/api/rate-limit';
import { env } from '@/lib/env';
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

/** The portal's token may not impersonate and the service-user fallback is off: refuse, saying both. */
function impersonationRefused(err: UpstreamError): ApiError {
  return new ApiError(
    'upstream_error',
    "Devin did not let the portal act as you: its token lacks ImpersonateOrgSessions. Acting as the portal's own service user instead is turned off (SESSIONS_SERVICE_USER_FALLBACK), so nothing was done. Ask a Devin enterprise admin to grant the permission.",
    { missingPermission: err.missingPermission ?? IMPERSONATE_PERMISSION },
  );
}

/**
 * Runs a write as the person (`asUserId`), or as the portal's service user when the person is not a Devin
 * member of the org (portal admins) or, only when configured, when the token may not impersonate.
 */
export async function actAsOrFallBack<T>(
  asUserId: string | null,
  run: (asUserId: string | null, reason?: FallbackReason) => Promise<T>,
): Promise<{ value: T; as: 'you' | 'service-user'; reason?: FallbackReason }> {
  if (!asUserId) return { value: await run(null, 'not-a-member'), as: 'service-user', reason: 'not-a-member' };
  try {
    return { value: await run(asUserId), as: 'you' };
  } catch (err) {
    if (!isImpersonationRefused(err)) throw err;
    if (!env().SESSIONS_SERVICE_USER_FALLBACK) throw impersonationRefused(err as UpstreamError);
    return { value: await run(null, 'impersonation-not-permitted'), as: 'service-user', reason: 'impersonation-not-permitted' };
  }
}

/** The cap on session starts per person per minute (SESSION_STARTS_PER_MINUTE), in the shared store. */
async function takeSessionStart(user: PortalUser): Promise<void> {
  const perMinute = env().SESSION_STARTS_PER_MINUTE;
  const verdict = await takeToken(`session-start:${user.id}`, { label: 'session starts per person', perMinute, burst: perMinute });
  if (!verdict.ok) throw rateLimited('session starts per person', perMinute, verdict.retryAfterSeconds);
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
  const membership = access.memberships.get(org.orgId);
  // Checked again here (the batch reaches this per org): a role without session rights starts nothing.
  if (!access.allOrgs && (!membership || tierRank(membership.tier) < tierRank('sessions'))) {
    throw new ApiError('forbidden', `Your role in ${org.name} (${membership?.roleName ?? 'none'}) may not start Devin sessions.`);
  }
  const cap = org.maxSessionAcuLimit;
  if (input.maxAcuLimit !== undefined && cap !== null && input.maxAcuLimit > cap) {
    throw new ApiError('unprocessable_entity', `maxAcuLimit: must be at most ${cap}, the per-session cap of ${org.name}`, { field: 'maxAcuLimit' });
  }
  await takeSessionStart(user);

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
    const outcome = await actAsOrFallBack(asUserId, (createAsUserId, reason) => create(createAsUserId, reason));
    const session = toSessionDto(outcome.value, access.devinUserId);
    const result: CreateSessionResult =
      outcome.as === 'you' ? { outcome: 'created', startedAs: 'you', session } : { outcome: 'created', startedAs: 'service-user', reason: outcome.reason!, session };
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

