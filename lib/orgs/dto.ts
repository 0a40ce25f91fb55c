import type { OrgDecision } from '@/lib/policy/org-policy';
import type { MemberStatus, OrgRequestStatus } from '@/lib/storage/schema';

export type { MemberStatus, OrgRequestStatus };

/** An org request as the portal's pages and API show it. */
export interface OrgRequestView {
  id: string;
  name: string;
  maxCycleAcuLimit: number;
  maxSessionAcuLimit: number;
  reason: string;
  status: OrgRequestStatus;
  autoApproved: boolean;
  requesterEmail: string;
  requesterName: string;
  decidedByEmail: string | null;
  decisionReason: string | null;
  decidedAt: number | null;
  orgId: string | null;
  memberStatus: MemberStatus;
  error: { code: string; message: string } | null;
  createdAt: number;
  expiresAt: number | null;
}

/** One upstream call exactly as the portal will send it, shown before anything is created. */
export interface UpstreamCallPreview {
  method: 'POST';
  path: string;
  body: Record<string, unknown>;
  purpose: string;
}

export type SubmitOrgRequestResult =
  | { outcome: 'preview'; decision: OrgDecision; calls: UpstreamCallPreview[]; quota: { used: number; max: number } }
  | { outcome: 'created'; request: OrgRequestView }
  | { outcome: 'pending'; request: OrgRequestView };
