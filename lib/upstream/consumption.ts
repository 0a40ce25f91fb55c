import 'server-only';
import type { Transport } from './client';
import { toConsumption, toConsumptionCycle, toPage } from './map';
import { consumptionCyclePageSchema, consumptionSchema, pageQuerySchema, timeWindowQuerySchema } from './schemas';
import type { Consumption, ConsumptionCycle, Page, PageParams, TimeWindow } from './types';

/** Daily ACU consumption. Upstream days start at midnight PST (08:00 UTC); align windows to that to match Devin's dashboard. */
export function createConsumptionApi(call: Transport) {
  const daily = async (path: string, params: Record<string, string>, window: TimeWindow): Promise<Consumption> => {
    const wire = await call({
      method: 'GET',
      path,
      params,
      query: { time_after: window.timeAfter, time_before: window.timeBefore },
      querySchema: timeWindowQuerySchema,
      response: consumptionSchema,
    });
    return toConsumption(wire);
  };

  return {
    // GET /v3/enterprise/consumption/daily
    enterpriseDaily: (window: TimeWindow = {}) => daily('/v3/enterprise/consumption/daily', {}, window),

    // GET /v3/enterprise/consumption/daily/organizations/{org_id}
    orgDaily: (orgId: string, window: TimeWindow = {}) =>
      daily('/v3/enterprise/consumption/daily/organizations/{org_id}', { org_id: orgId }, window),

    // GET /v3/enterprise/consumption/daily/users/{user_id}
    userDaily: (userId: string, window: TimeWindow = {}) => daily('/v3/enterprise/consumption/daily/users/{user_id}', { user_id: userId }, window),

    // GET /v3/enterprise/consumption/daily/service-users/{service_user_id}
    serviceUserDaily: (serviceUserId: string, window: TimeWindow = {}) =>
      daily('/v3/enterprise/consumption/daily/service-users/{service_user_id}', { service_user_id: serviceUserId }, window),

    // GET /v3/enterprise/consumption/daily/sessions/{session_id}
    sessionDaily: (sessionId: string, window: TimeWindow = {}) =>
      daily('/v3/enterprise/consumption/daily/sessions/{session_id}', { session_id: sessionId }, window),

    // GET /v3/organizations/{org_id}/consumption/daily/users/{user_id}
    orgUserDaily: (orgId: string, userId: string, window: TimeWindow = {}) =>
      daily('/v3/organizations/{org_id}/consumption/daily/users/{user_id}', { org_id: orgId, user_id: userId }, window),

    // GET /v3/organizations/{org_id}/consumption/daily/service-users/{service_user_id}
    orgServiceUserDaily: (orgId: string, serviceUserId: string, window: TimeWindow = {}) =>
      daily(
        '/v3/organizations/{org_id}/consumption/daily/service-users/{service_user_id}',
        { org_id: orgId, service_user_id: serviceUserId },
        window,
      ),

    // GET /v3/enterprise/consumption/cycles
    async cycles(page: PageParams = {}): Promise<Page<ConsumptionCycle>> {
      const wire = await call({
        method: 'GET',
        path: '/v3/enterprise/consumption/cycles',
        query: { first: page.first, after: page.after },
        querySchema: pageQuerySchema,
        response: consumptionCyclePageSchema,
      });
      return toPage(wire, toConsumptionCycle);
    },
  };
}

export type ConsumptionApi = ReturnType<typeof createConsumptionApi>;
