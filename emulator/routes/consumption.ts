import { z } from 'zod';
import { cycleStart, dailyConsumption, nextCycleStart, type UsageFilter } from '../consumption';
import { apiRoute, nowSeconds, param, requirePermission, type ApiContext } from '../context';
import { found } from '../http';
import { pageParams, paginate } from '../pagination';
import type { Permission } from '../permissions';
import { parseQuery, queryInt } from '../validation';
import { orgOr404 } from './organizations';
import { serviceUserOr404 } from './service-users';

/* ⚠️ The docs name both the old and the new permission (doc §2.2); either is accepted. */
const ENTERPRISE_READ: readonly Permission[] = ['ManageBilling', 'ViewAccountConsumption'];
const ORG_READ: readonly Permission[] = ['ManageBilling', 'ViewOrgConsumption'];

const windowQuery = z
  .object({ time_after: queryInt({ min: 0 }).optional(), time_before: queryInt({ min: 0 }).optional() })
  .refine((q) => q.time_after === undefined || q.time_before === undefined || q.time_before >= q.time_after, {
    message: 'time_before must not be earlier than time_after',
    path: ['time_before'],
  });

/** INFERRED: without time_after the window opens at the current billing cycle, the period ACU limits apply to. */
function report(ctx: ApiContext, filter: UsageFilter) {
  const q = parseQuery(ctx.query, windowQuery);
  return dailyConsumption(ctx.state.usage, ctx.state.sessions.values(), filter, {
    after: q.time_after ?? cycleStart(nowSeconds(ctx)),
    before: q.time_before ?? Number.MAX_SAFE_INTEGER,
    historyStart: ctx.state.historyStart,
    nowMs: ctx.nowMs,
  });
}

type Scope = 'enterprise' | 'org';

/** The same report, narrowed by org (org-level routes) and by the path's subject. */
function daily(scope: Scope, subject?: 'organization' | 'user' | 'service-user' | 'session') {
  return (ctx: ApiContext) => {
    const filter: UsageFilter = {};
    if (scope === 'org') {
      const orgId = param(ctx, 'org_id');
      requirePermission(ctx, ORG_READ, orgId);
      filter.orgId = orgOr404(ctx.state, orgId).id;
    } else {
      requirePermission(ctx, ENTERPRISE_READ);
    }
    const { state } = ctx;
    switch (subject) {
      case 'organization':
        filter.orgId = orgOr404(state, param(ctx, 'org_id')).id;
        break;
      case 'user':
        filter.userId = found(state.users.get(param(ctx, 'user_id')), `User ${param(ctx, 'user_id')}`).id;
        break;
      case 'service-user':
        filter.serviceUserId = serviceUserOr404(state, param(ctx, 'service_user_id')).id;
        break;
      case 'session':
        filter.sessionId = found(state.sessions.get(param(ctx, 'session_id')), `Session ${param(ctx, 'session_id')}`).id;
        break;
    }
    return report(ctx, filter);
  };
}

// GET /v3/enterprise/consumption/cycles: newest first, the current (unfinished) cycle included
function listCycles(ctx: ApiContext) {
  requirePermission(ctx, ENTERPRISE_READ);
  const page = parseQuery(ctx.query, z.object(pageParams));
  const cycles: { after: number; before: number }[] = [];
  for (let start = cycleStart(ctx.state.historyStart); start <= nowSeconds(ctx); start = nextCycleStart(start)) {
    cycles.unshift({ after: start, before: nextCycleStart(start) });
  }
  return paginate(cycles, page, (c) => [c.after], 'desc');
}

const ENTERPRISE = '/v3/enterprise/consumption/daily';
const ORG = '/v3/organizations/:org_id/consumption/daily';

export const consumptionRoutes = [
  apiRoute('GET', ENTERPRISE, daily('enterprise')),
  apiRoute('GET', `${ENTERPRISE}/organizations/:org_id`, daily('enterprise', 'organization')),
  apiRoute('GET', `${ENTERPRISE}/users/:user_id`, daily('enterprise', 'user')),
  apiRoute('GET', `${ENTERPRISE}/service-users/:service_user_id`, daily('enterprise', 'service-user')),
  apiRoute('GET', `${ENTERPRISE}/sessions/:session_id`, daily('enterprise', 'session')),
  apiRoute('GET', '/v3/enterprise/consumption/cycles', listCycles),
  apiRoute('GET', ORG, daily('org')),
  apiRoute('GET', `${ORG}/users/:user_id`, daily('org', 'user')),
  apiRoute('GET', `${ORG}/service-users/:service_user_id`, daily('org', 'service-user')),
  apiRoute('GET', `${ORG}/sessions/:session_id`, daily('org', 'session')),
];
