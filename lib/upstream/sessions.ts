import 'server-only';
import type { Transport } from './client';
import { toPage, toSession, toSessionMessage } from './map';
import {
  createSessionBodySchema,
  listSessionsQuerySchema,
  pageQuerySchema,
  sendMessageBodySchema,
  sessionMessagePageSchema,
  sessionPageSchema,
  sessionSchema,
  tagsBodySchema,
  tagsSchema,
  terminateSessionQuerySchema,
} from './schemas';
import type { CreateSessionInput, ListSessionsFilters, Page, PageParams, SendMessageInput, Session, SessionMessage } from './types';

const SESSION = '/v3/organizations/{org_id}/sessions/{devin_id}';

export function createSessionsApi(call: Transport) {
  const tags = async (method: 'GET' | 'POST' | 'PUT', orgId: string, sessionId: string, list?: string[]): Promise<string[]> => {
    const wire = await call({
      method,
      path: `${SESSION}/tags`,
      params: { org_id: orgId, devin_id: sessionId },
      ...(method !== 'GET' && { body: { tags: list }, bodySchema: tagsBodySchema }),
      response: tagsSchema,
    });
    return wire.tags;
  };

  return {
    // POST /v3/organizations/{org_id}/sessions
    async create(orgId: string, input: CreateSessionInput): Promise<Session> {
      const wire = await call({
        method: 'POST',
        path: '/v3/organizations/{org_id}/sessions',
        params: { org_id: orgId },
        body: {
          prompt: input.prompt,
          title: input.title,
          tags: input.tags,
          playbook_id: input.playbookId,
          max_acu_limit: input.maxAcuLimit,
          create_as_user_id: input.createAsUserId,
        },
        bodySchema: createSessionBodySchema,
        response: sessionSchema,
      });
      return toSession(wire);
    },

    // GET /v3/organizations/{org_id}/sessions
    async list(orgId: string, filters: ListSessionsFilters = {}): Promise<Page<Session>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/organizations/{org_id}/sessions',
        params: { org_id: orgId },
        query: {
          first: filters.first,
          after: filters.after,
          session_ids: filters.sessionIds,
          tags: filters.tags,
          user_ids: filters.userIds,
          service_user_ids: filters.serviceUserIds,
          created_after: filters.createdAfter,
          created_before: filters.createdBefore,
          updated_after: filters.updatedAfter,
          updated_before: filters.updatedBefore,
          playbook_id: filters.playbookId,
          origins: filters.origins,
          is_archived: filters.isArchived,
        },
        querySchema: listSessionsQuerySchema,
        response: sessionPageSchema,
      });
      return toPage(wire, toSession);
    },

    // GET /v3/organizations/{org_id}/sessions/{devin_id}
    async get(orgId: string, sessionId: string): Promise<Session> {
      const wire = await call({ method: 'GET', path: SESSION, params: { org_id: orgId, devin_id: sessionId }, response: sessionSchema });
      return toSession(wire);
    },

    // DELETE /v3/organizations/{org_id}/sessions/{devin_id} (terminates for good; `archive` also archives it)
    async terminate(orgId: string, sessionId: string, options: { archive?: boolean } = {}): Promise<Session> {
      const wire = await call({
        method: 'DELETE',
        path: SESSION,
        params: { org_id: orgId, devin_id: sessionId },
        query: { archive: options.archive },
        querySchema: terminateSessionQuerySchema,
        response: sessionSchema,
      });
      return toSession(wire);
    },

    // POST /v3/organizations/{org_id}/sessions/{devin_id}/archive
    async archive(orgId: string, sessionId: string): Promise<Session> {
      const wire = await call({ method: 'POST', path: `${SESSION}/archive`, params: { org_id: orgId, devin_id: sessionId }, response: sessionSchema });
      return toSession(wire);
    },

    // GET /v3/organizations/{org_id}/sessions/{devin_id}/messages (chronological)
    async listMessages(orgId: string, sessionId: string, page: PageParams = {}): Promise<Page<SessionMessage>> {
      const wire = await call({
        method: 'GET',
        path: `${SESSION}/messages`,
        params: { org_id: orgId, devin_id: sessionId },
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: sessionMessagePageSchema,
      });
      return toPage(wire, toSessionMessage);
    },

    // POST /v3/organizations/{org_id}/sessions/{devin_id}/messages (a suspended session resumes)
    async sendMessage(orgId: string, sessionId: string, input: SendMessageInput): Promise<Session> {
      const wire = await call({
        method: 'POST',
        path: `${SESSION}/messages`,
        params: { org_id: orgId, devin_id: sessionId },
        body: { message: input.message, message_as_user_id: input.messageAsUserId },
        bodySchema: sendMessageBodySchema,
        response: sessionSchema,
      });
      return toSession(wire);
    },

    // GET /v3/organizations/{org_id}/sessions/{devin_id}/tags
    getTags: (orgId: string, sessionId: string) => tags('GET', orgId, sessionId),

    // POST /v3/organizations/{org_id}/sessions/{devin_id}/tags (merges, de-duplicated; returns all tags)
    addTags: (orgId: string, sessionId: string, list: string[]) => tags('POST', orgId, sessionId, list),

    // PUT /v3/organizations/{org_id}/sessions/{devin_id}/tags (replaces all tags; the only way to remove one)
    replaceTags: (orgId: string, sessionId: string, list: string[]) => tags('PUT', orgId, sessionId, list),
  };
}

export type SessionsApi = ReturnType<typeof createSessionsApi>;
