import { DEMO_ORGS } from '../demo/directory';
import { DAY_SECONDS, dayStart } from './consumption';
import { demoOrgId } from './ids';
import type { Random } from './random';
import type { State } from './state';

/**
 * Background usage for every day of history: per person and service user in
 * the demo orgs, per org in generated ones; weekends are quiet.
 */
export function seedUsage(state: State, rng: Random, now: number): void {
  const today = dayStart(now);
  const demoOrgIds = new Set(DEMO_ORGS.map((o) => demoOrgId(o.key)));
  for (const org of state.orgs.values()) {
    const { users, serviceUsers } = state.orgMembers(org.id);
    const actors = demoOrgIds.has(org.id)
      ? [...users.map((u) => ({ userId: u.id, serviceUserId: null })), ...serviceUsers.map((su) => ({ userId: null, serviceUserId: su.id }))]
      : [{ userId: null, serviceUserId: null }];
    const scale = demoOrgIds.has(org.id) ? 1 : 3;
    for (let day = Math.max(state.historyStart, dayStart(org.createdAt)); day <= today; day += DAY_SECONDS) {
      const weekday = new Date((day - 8 * 3600) * 1000).getUTCDay();
      const quiet = weekday === 0 || weekday === 6 ? 0.15 : 1;
      for (const actor of actors) {
        const add = (product: 'devin' | 'cascade' | 'terminal', p: number, max: number) => {
          if (rng.chance(p * quiet)) state.usage.add({ day, orgId: org.id, ...actor, product, acus: rng.float(0.05, max) * scale });
        };
        add('devin', 0.55, 6);
        add('cascade', 0.4, 2.5);
        add('terminal', 0.25, 0.8);
      }
    }
  }
}

