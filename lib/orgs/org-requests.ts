import 'server-only';
import { createHash } from 'node:crypto';
import { forgetOrgAccess, getOrgAccess } from '@/lib/access/org-access';
import { ApiError, toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { timeOrderedId } from '@/lib/ids';
import { decideOrgRequest, orgNameKey, type OrgRequestInput } from '@/lib/policy/org-policy';
import { recordEvent, recordWrite } from '@/lib/trail';
import { getDevinClient } from '@/lib/upstream';
import { UpstreamError } from '@/lib/upstream/errors';
import type { Organization } from '@/lib/upstream/types';
import { findDevinUserId, findOrgByName, getOrgAdminRole } from './directory';
import type { OrgRequestView, SubmitOrgRequestResult, UpstreamCallPreview } from './dto';
import { forgetOrgs } from './org-cache';
import { getOrgPolicy } from './policy-config';
import { effectiveStatus } from './request-states';
import {
  claimOrgRequest,
  closePendingRequest,
  findIdempotencyKey,
  findOpenRequestByName,
  getOrgRequestRow,
  insertOrgRequestOnce,
  isOrgOfAnotherRequest,
  listOrgRequestRows,
  listSlotHolders,
  markOrgDeleted,
  markRequestCreated,
  markRequestFailed,
  setMemberStatus,
  type OrgRequestRow,
} from './request-store';

/** A worker that has held a creation this long without finishing is presumed dead (well past the upstream timeout). */
const CLAIM_STALE_S = 120;
/** How long a double submit waits for the first one to finish before answering "still working". */
const SETTLE_WAIT_MS = 25_000;

const now = () => Math.floor(Date.now() / 1000);

interface Ctx {
  user: PortalUser;
  requestId: string;
}

/**
 * Files a self-service org request. Within policy the org is created at once and the requester made its
 * admin; above the auto-approve threshold it waits for an admin. The same idempotency key always yields
 * the same request, so a double submit or a retry never creates a second org. `dryRun` only previews.
 */
export async function submitOrgRequest(
  input: OrgRequestInput,
  opts: Ctx & { idempotencyKey: string; dryRun: boolean },
): Promise<SubmitOrgRequestResult> {
  const { user, requestId } = opts;
  const key = scopedKey(user.id, opts.idempotencyKey);
  const requestHash = hashInput(input);
  const policy = getOrgPolicy();
  const decision = decideOrgRequest(policy, input);

  const replay = async () => {
    const existing = opts.dryRun ? undefined : await findIdempotencyKey(key);
    if (!existing) return null;
    if (existing.request_hash !== requestHash) {
      throw new ApiError('conflict', 'This form was already submitted with different values. Reload the page to start a new request.');
    }
    return resumeRequest(existing.resource_id, opts);
  };
  const early = await replay();
  if (early) return early;

  let quota: { used: number; max: number };
  let devinUserId: string | null;
  try {
    [quota, devinUserId] = await Promise.all([checkNewRequest(user, input), getOrgAccess(user).then((a) => a.devinUserId)]);
  } catch (err) {
    // A twin submission may have filed the request meanwhile (and so taken the name): answer as it does.
    const late = await replay();
    if (late) return late;
    throw err;
  }
  if (!devinUserId) {
    throw new ApiError('unprocessable_entity', `Devin has no user with your email (${user.email}), so you could not work in a new org yet. Ask an admin to invite you to Devin first.`);
  }
  if (opts.dryRun) {
    const role = await getOrgAdminRole();
    return { outcome: 'preview', decision, calls: previewCalls(input, devinUserId, role.roleId), quota };
  }

  const at = now();
  const id = timeOrderedId();
  const autoApproved = decision === 'create-now';
  const filed = await insertOrgRequestOnce(
    {
      id,
      requester_sub: user.id,
      requester_email: user.email,
      requester_name: user.name,
      name: input.name,
      name_key: orgNameKey(input.name),
      max_cycle_acu_limit: input.maxCycleAcuLimit,
      max_session_acu_limit: input.maxSessionAcuLimit,
      reason: input.reason,
      status: autoApproved ? 'creating' : 'pending',
      auto_approved: autoApproved ? 1 : 0,
      decided_by_sub: null,
      decided_by_email: null,
      decision_reason: autoApproved ? `Within policy: cycle limit at or below ${policy.autoApproveCycleAcu} ACUs` : null,
      decided_at: autoApproved ? at : null,
      org_id: null,
      member_status: 'pending',
      error_code: null,
      error_message: null,
      attempts: autoApproved ? 1 : 0,
      claimed_at: autoApproved ? at : null,
      created_at: at,
      updated_at: at,
      expires_at: autoApproved ? null : at + policy.requestTtlHours * 3600,
    },
    { key, actorSub: user.id, scope: 'org.request', requestHash },
    policy.maxPerPerson,
  );
  if (!filed.inserted) {
    if (filed.reason === 'quota') throw quotaReached(filed.used, policy.maxPerPerson);
    if (filed.reason === 'name') throw nameTaken(input.name);
    return (await replay())!;
  }

  await recordEvent({
    actorSub: user.id,
    actorEmail: user.email,
    actorName: user.name,
    action: 'org.request',
    orgId: null,
    targetIds: { orgRequestId: id },
    input: { ...input, decision },
    outcome: 'ok',
    errorCode: null,
    requestId,
    upstreamRequestId: null,
  });
  const row = (await getOrgRequestRow(id))!;
  if (!autoApproved) return { outcome: 'pending', request: toRequestView(row) };
  return asResult(await fulfil(row, opts));
}

/** A repeated submission: wait for a creation in flight, retry one that failed, or answer what happened. */
async function resumeRequest(id: string, ctx: Ctx): Promise<SubmitOrgRequestResult> {
  let row = await settled(id);
  if (row.requester_sub !== ctx.user.id) throw new ApiError('not_found', 'No such request.');
  const claimed = row.status === 'failed' && row.auto_approved ? await claimOrgRequest(id, 'retry', CLAIM_STALE_S) : undefined;
  if (claimed) row = await fulfil(claimed, ctx);
  else if (row.status === 'created' && row.member_status !== 'added') row = await addRequesterAsAdmin(row, ctx);
  if (row.status === 'creating') throw new ApiError('conflict', 'This organization is still being created. Refresh in a moment.');
  if (row.status === 'failed' && row.auto_approved) throw failureOf(row);
  return asResult(row);
}

/** Approves a pending request and creates the org, as the approving admin. */
export async function approveOrgRequest(id: string, reason: string | null, ctx: Ctx): Promise<OrgRequestView> {
  const row = await getRequestOrThrow(id);
  if (isOwn(row, ctx.user)) {
    throw new ApiError('forbidden', 'You cannot approve your own request: another admin has to. You can withdraw it instead.');
  }
  const claimed = await claimOrgRequest(id, 'pending', CLAIM_STALE_S, { bySub: ctx.user.id, byEmail: ctx.user.email, reason });
  if (!claimed) throw stateConflict(await getRequestOrThrow(id));
  await recordDecision('org.request.approve', row, reason, ctx);
  return toRequestView(await fulfil(claimed, ctx));
}

/**
 * Finishes a creation that failed: creates the org (after looking for one an earlier try may have made) or,
 * if only the membership failed, makes the requester admin. The requester may retry what policy let through;
 * what an admin approved, another admin retries.
 */
export async function retryOrgRequest(id: string, ctx: Ctx): Promise<OrgRequestView> {
  const row = await getRequestOrThrow(id);
  const own = isOwn(row, ctx.user);
  const isAdmin = ctx.user.role === 'admin';
  if (!own && !isAdmin) throw new ApiError('not_found', 'No such request.');
  if (!row.auto_approved && !(isAdmin && !own)) throw new ApiError('forbidden', 'An admin other than the requester has to retry an approved request.');
  if (row.status === 'created' && row.member_status !== 'added') return toRequestView(await addRequesterAsAdmin(row, ctx));
  const claimed = await claimOrgRequest(id, 'retry', CLAIM_STALE_S);
  if (!claimed) throw stateConflict(await getRequestOrThrow(id));
  return toRequestView(await fulfil(claimed, ctx));
}

export async function rejectOrgRequest(id: string, reason: string, ctx: Ctx): Promise<OrgRequestView> {
  const row = await getRequestOrThrow(id);
  if (isOwn(row, ctx.user)) {
    throw new ApiError('forbidden', 'You cannot decide on your own request: another admin has to. You can withdraw it instead.');
  }
  const rejected = await closePendingRequest(id, 'rejected', { bySub: ctx.user.id, byEmail: ctx.user.email, reason });
  if (!rejected) throw stateConflict(await getRequestOrThrow(id));
  await recordDecision('org.request.reject', row, reason, ctx);
  return toRequestView(rejected);
}

/** The requester takes back a request that is still waiting. */
export async function withdrawOrgRequest(id: string, ctx: Ctx): Promise<OrgRequestView> {
  const row = await getRequestOrThrow(id);
  if (row.requester_sub !== ctx.user.id) throw new ApiError('not_found', 'No such request.');
  const withdrawn = await closePendingRequest(id, 'withdrawn', { bySub: ctx.user.id, byEmail: ctx.user.email, reason: null });
  if (!withdrawn) throw stateConflict(await getRequestOrThrow(id));
  await recordDecision('org.request.withdraw', row, null, ctx);
  return toRequestView(withdrawn);
}

export function toRequestView(row: OrgRequestRow): OrgRequestView {
  return {
    id: row.id,
    name: row.name,
    maxCycleAcuLimit: row.max_cycle_acu_limit,
    maxSessionAcuLimit: row.max_session_acu_limit,
    reason: row.reason,
    status: effectiveStatus(row, now()),
    autoApproved: Boolean(row.auto_approved),
    requesterEmail: row.requester_email,
    requesterName: row.requester_name,
    decidedByEmail: row.decided_by_email,
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    orgId: row.org_id,
    memberStatus: row.member_status,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}

/** Policy checks that need data: the person's remaining quota and that nobody has the name already. */
async function checkNewRequest(user: PortalUser, input: OrgRequestInput): Promise<{ used: number; max: number }> {
  const policy = getOrgPolicy();
  const [used, openRequest, existing] = await Promise.all([
    countSlotsInUse(user.id),
    findOpenRequestByName(orgNameKey(input.name)),
    findOrgByName(input.name),
  ]);
  if (existing) {
    throw new ApiError('conflict', `An organization named “${existing.name}” already exists. Choose another name.`, { field: 'name' });
  }
  if (openRequest) throw nameTaken(openRequest.name);
  if (used >= policy.maxPerPerson) throw quotaReached(used, policy.maxPerPerson);
  return { used, max: policy.maxPerPerson };
}

function nameTaken(name: string): ApiError {
  return new ApiError('conflict', `A request for an organization named “${name}” is already open. Choose another name.`, { field: 'name' });
}

function quotaReached(used: number, max: number): ApiError {
  return new ApiError(
    'forbidden',
    `You already have ${used} organization${used === 1 ? '' : 's'} created or waiting for approval, the most policy allows (${max}). Withdraw a request or ask an admin.`,
  );
}

/** Live orgs the person created plus their open requests; orgs deleted in Devin since then free their slot. */
async function countSlotsInUse(requesterSub: string): Promise<number> {
  const holders = await listSlotHolders(requesterSub);
  const devin = getDevinClient();
  const alive = await Promise.all(
    holders.map(async (row) => {
      if (row.status !== 'created' || !row.org_id) return true;
      try {
        await devin.organizations.get(row.org_id);
        return true;
      } catch (err) {
        if (!(err instanceof UpstreamError && err.status === 404)) throw err;
        await markOrgDeleted(row.org_id);
        return false;
      }
    }),
  );
  return alive.filter(Boolean).length;
}

/**
 * Creates the org for a request this caller has claimed, then makes the requester its admin. After a try
 * that may have reached Devin (a timeout, a crash), it first looks the org up by name instead of creating twice.
 */
async function fulfil(row: OrgRequestRow, ctx: Ctx): Promise<OrgRequestRow> {
  let org: Organization | null = row.attempts > 1 ? await adoptExisting(row, ctx) : null;
  if (!org) {
    try {
      org = await recordWrite({
        actor: ctx.user,
        action: 'org.create',
        input: {
          name: row.name,
          maxCycleAcuLimit: row.max_cycle_acu_limit,
          maxSessionAcuLimit: row.max_session_acu_limit,
          orgRequestId: row.id,
          requesterEmail: row.requester_email,
        },
        requestId: ctx.requestId,
        run: () =>
          getDevinClient().organizations.create({
            name: row.name,
            maxCycleAcuLimit: row.max_cycle_acu_limit,
            maxSessionAcuLimit: row.max_session_acu_limit,
          }),
        targets: (o) => ({ orgId: o.orgId, orgRequestId: row.id }),
      });
    } catch (err) {
      const mayExist = isAmbiguous(err) || (row.attempts > 1 && toApiError(err).code === 'conflict');
      org = mayExist ? await adoptExisting(row, ctx).catch(() => null) : null;
      if (!org) {
        const apiError = toApiError(err);
        await markRequestFailed(row.id, { code: apiError.code, message: apiError.message });
        throw err;
      }
    }
  }
  const created = await markRequestCreated(row.id, org.orgId);
  await forgetOrgs();
  return addRequesterAsAdmin(created, ctx);
}

/**
 * Reconciliation: the org an earlier, unanswered create call for this request made. Found by name, but
 * adopted only when everything says it is that org: created no earlier than the request, claimed by no
 * other request, and with nobody in it yet (the requester is added only after creation). An org of the
 * same name that someone else owns is never adopted, and its requester is never made its admin.
 */
async function adoptExisting(row: OrgRequestRow, ctx: Ctx): Promise<Organization | null> {
  const org = await findOrgByName(row.name);
  if (!org || !(await looksLikeOurs(org, row))) return null;
  if (org) {
    await recordEvent({
      actorSub: ctx.user.id,
      actorEmail: ctx.user.email,
      actorName: ctx.user.name,
      action: 'org.create.reconcile',
      orgId: org.orgId,
      targetIds: { orgId: org.orgId, orgRequestId: row.id },
      input: { name: row.name, note: 'An earlier create call went unanswered; the org was found by name and not created again.' },
      outcome: 'ok',
      errorCode: null,
      requestId: ctx.requestId,
      upstreamRequestId: null,
    });
  }
  return org;
}

async function looksLikeOurs(org: Organization, row: OrgRequestRow): Promise<boolean> {
  // A minute of slack for clocks: Devin's created_at against the portal's own.
  if (org.createdAt < row.created_at - 60) return false;
  if (await isOrgOfAnotherRequest(org.orgId, row.id)) return false;
  const members = await getDevinClient().members.listOrgUsers(org.orgId, { first: 1 });
  return members.items.length === 0;
}

/** Makes the requester an admin of their new org. A failure here is kept on the request, not thrown: the org exists. */
/** Makes the requester the new org's admin; returns the request as written (member status added or failed). */
async function addRequesterAsAdmin(row: OrgRequestRow, ctx: Ctx): Promise<OrgRequestRow> {
  const orgId = row.org_id!;
  try {
    const [userId, role] = await Promise.all([findDevinUserId(row.requester_email), getOrgAdminRole()]);
    if (!userId) throw new ApiError('unprocessable_entity', `Devin has no user with the email ${row.requester_email}.`);
    await recordWrite({
      actor: ctx.user,
      action: 'org.member.add',
      orgId,
      input: { userId, email: row.requester_email, roleId: role.roleId, roleName: role.roleName, orgRequestId: row.id },
      requestId: ctx.requestId,
      run: () => getDevinClient().members.addOrgUser(orgId, userId, role.roleId),
      targets: () => ({ orgId, userId, roleId: role.roleId }),
    });
    const added = await setMemberStatus(row.id, 'added');
    await forgetOrgAccess();
    return added;
  } catch (err) {
    const apiError = toApiError(err);
    return setMemberStatus(row.id, 'failed', { code: apiError.code, message: `The org was created, but adding ${row.requester_email} as its admin failed: ${apiError.message}` });
  }
}

/** A request whose creation is in flight elsewhere, once it has finished (or the wait ran out). */
async function settled(id: string): Promise<OrgRequestRow> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    const row = await getRequestOrThrow(id);
    const inFlight = row.status === 'creating' && (row.claimed_at ?? 0) >= now() - CLAIM_STALE_S;
    if (!inFlight || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function getRequestOrThrow(id: string): Promise<OrgRequestRow> {
  const row = await getOrgRequestRow(id);
  if (!row) throw new ApiError('not_found', 'No such request.');
  return row;
}

async function recordDecision(action: string, row: OrgRequestRow, reason: string | null, ctx: Ctx) {
  await recordEvent({
    actorSub: ctx.user.id,
    actorEmail: ctx.user.email,
    actorName: ctx.user.name,
    action,
    orgId: null,
    targetIds: { orgRequestId: row.id },
    input: { name: row.name, requesterEmail: row.requester_email, reason },
    outcome: 'ok',
    errorCode: null,
    requestId: ctx.requestId,
    upstreamRequestId: null,
  });
}

function isOwn(row: OrgRequestRow, user: PortalUser) {
  return row.requester_sub === user.id || row.requester_email === user.email;
}

function asResult(row: OrgRequestRow): SubmitOrgRequestResult {
  return row.status === 'created' ? { outcome: 'created', request: toRequestView(row) } : { outcome: 'pending', request: toRequestView(row) };
}

function failureOf(row: OrgRequestRow): ApiError {
  const code = row.error_code === 'upstream_timeout' ? 'upstream_timeout' : 'upstream_error';
  return new ApiError(code, row.error_message ?? 'Creating the organization failed. Try again.');
}

function stateConflict(row: OrgRequestRow): ApiError {
  const by = row.decided_by_email ? ` by ${row.decided_by_email}` : '';
  const status = effectiveStatus(row, now());
  const messages: Record<OrgRequestRow['status'], string> = {
    pending: 'This request is still waiting for a decision.',
    creating: 'This organization is being created right now. Refresh in a moment.',
    created: `This request was already approved${by}; the organization exists.`,
    failed: 'Creating this organization failed; retry it from the request list.',
    rejected: `This request was already rejected${by}.`,
    expired: 'This request expired before anyone decided on it. The requester can file it again.',
    withdrawn: 'The requester withdrew this request.',
    deleted: 'The organization from this request has since been deleted.',
  };
  return new ApiError('conflict', messages[status]);
}

/** Timeouts, dropped connections, 5xx and unreadable 2xx answers leave it unknown whether Devin created the org. */
function isAmbiguous(err: unknown): boolean {
  if (!(err instanceof UpstreamError)) return false;
  return err.code === 'upstream_timeout' || err.status === 0 || err.status >= 500 || (err.status >= 200 && err.status < 300);
}

function previewCalls(input: OrgRequestInput, devinUserId: string, roleId: string): UpstreamCallPreview[] {
  return [
    {
      method: 'POST',
      path: '/v3/enterprise/organizations',
      body: { name: input.name, max_cycle_acu_limit: input.maxCycleAcuLimit, max_session_acu_limit: input.maxSessionAcuLimit },
      purpose: 'Create the organization',
    },
    {
      method: 'POST',
      path: `/v3/enterprise/organizations/{new org id}/members/users/${devinUserId}`,
      body: { role_id: roleId },
      purpose: 'Make you its admin',
    },
  ];
}

function scopedKey(actorSub: string, clientKey: string) {
  return createHash('sha256').update(`${actorSub}\0org.request\0${clientKey}`).digest('hex');
}

function hashInput(input: OrgRequestInput) {
  const canonical = JSON.stringify([input.name, input.maxCycleAcuLimit, input.maxSessionAcuLimit, input.reason]);
  return createHash('sha256').update(canonical).digest('hex');
}

export type RequestQueue = 'pending' | 'decided' | 'mine';

const DECIDED: OrgRequestRow['status'][] = ['creating', 'created', 'failed', 'rejected', 'expired', 'withdrawn', 'deleted'];

/**
 * Org requests, newest first and cursor-paged: the approval queue (oldest first, so nothing starves),
 * what has been decided (admins), or the person's own.
 */
export async function listOrgRequests(
  user: PortalUser,
  f: { queue: RequestQueue; first: number; after?: string | null },
): Promise<{ items: OrgRequestView[]; endCursor: string | null; hasNextPage: boolean }> {
  if (f.queue !== 'mine' && user.role !== 'admin') throw new ApiError('forbidden', 'Only portal admins see the approval queue.');
  const page = await listOrgRequestRows({
    first: f.first,
    after: f.after,
    ...(f.queue === 'pending' && { statuses: ['pending'], order: 'asc' as const }),
    ...(f.queue === 'decided' && { statuses: DECIDED }),
    ...(f.queue === 'mine' && { requesterSub: user.id }),
  });
  return { ...page, items: page.items.map(toRequestView) };
}

/** One request, for its requester or an admin; anyone else gets not_found. */
export async function getOrgRequest(user: PortalUser, id: string): Promise<OrgRequestView> {
  const row = await getOrgRequestRow(id);
  if (!row || (user.role !== 'admin' && row.requester_sub !== user.id)) throw new ApiError('not_found', 'No such request.');
  return toRequestView(row);
}
