import 'server-only';
import type { Session, SessionMessage } from '@/lib/upstream/types';
import type { SessionDto, SessionMessageDto } from './schemas';

/** Devin's session, as the portal shows it to one person (`viewerDevinUserId` decides "you"). */
export function toSessionDto(s: Session, viewerDevinUserId: string | null): SessionDto {
  return {
    sessionId: s.sessionId,
    orgId: s.orgId,
    url: s.url,
    title: s.title,
    status: s.status,
    statusDetail: s.statusDetail,
    tags: s.tags,
    acusConsumed: s.acusConsumed,
    pullRequests: s.pullRequests.map((pr) => ({ url: pr.prUrl, state: pr.prState })),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    owner: !s.userId ? 'service-user' : s.userId === viewerDevinUserId ? 'you' : 'member',
    playbookId: s.playbookId,
    isArchived: s.isArchived,
  };
}

export function toMessageDto(m: SessionMessage): SessionMessageDto {
  return { eventId: m.eventId, createdAt: m.createdAt, source: m.source === 'user' ? 'user' : 'devin', message: m.message };
}
