import type { AuditAction } from './audit-actions';
import type { AuditEntry } from './audit';
import { DAY_SECONDS } from './consumption';
import { seededServiceUserId } from './ids';
import { randomFor, type Random } from './random';
import type { State } from './state';

/** Who did something in the seeded history: a service user (maybe on someone's behalf) or a person in the web app. */
export type Actor = { serviceUserId: string } | { userId: string };

/** Builds seeded audit entries; ids come from their own stream so they do not depend on other data. */
export class History {
  readonly entries: AuditEntry[] = [];
  private readonly ids: Random;

  constructor(
    private readonly state: State,
    seed: number,
  ) {
    this.ids = randomFor(seed, 'audit-ids');
  }

  add(action: AuditAction, atSeconds: number, actor: Actor, orgId: string | null, data: Record<string, unknown>, onBehalfOf?: string): void {
    const serviceUser = 'serviceUserId' in actor ? this.state.serviceUsers.get(actor.serviceUserId) : undefined;
    const userId = 'userId' in actor ? actor.userId : (onBehalfOf ?? null);
    this.entries.push({
      audit_log_id: `audit-${this.ids.hex(24)}`,
      action,
      created_at: Math.floor(atSeconds),
      data,
      org_id: orgId,
      user_id: userId,
      user_email: userId ? (this.state.users.get(userId)?.email ?? null) : null,
      service_user_id: serviceUser?.id ?? null,
      service_user_name: serviceUser?.name ?? null,
    });
  }
}

export function seedLogins(state: State, history: History, rng: Random, now: number): void {
  for (const user of state.users.values()) {
    for (let at = state.historyStart + rng.int(0, 5 * DAY_SECONDS); at < now; at += rng.int(2, 8) * DAY_SECONDS) {
      history.add('login', at, { userId: user.id }, null, { method: 'sso' });
    }
  }
}


const FILLER_ACTIONS: AuditAction[] = [
  'login', 'create_session', 'send_message', 'terminate_session', 'sleep_session', 'search_query', 'create_knowledge',
  'edit_knowledge', 'create_playbook', 'update_playbook', 'create_secret', 'update_org_settings', 'add_member',
];

/** Bulk history for benchmarks, inside the last 90 days so a 100-day window can reach all of it. */
export function seedExtraAudit(state: State, history: History, rng: Random, count: number, now: number): void {
  if (count === 0) return;
  const orgIds = [...state.orgs.keys()];
  const userIds = [...state.users.keys()];
  const portal: Actor = { serviceUserId: seededServiceUserId('portal') };
  for (let i = 0; i < count; i++) {
    const action = rng.pick(FILLER_ACTIONS);
    const actor: Actor = action === 'login' || rng.chance(0.5) ? { userId: rng.pick(userIds) } : portal;
    const data = action.includes('session') || action === 'send_message' ? { session_id: `devin-${rng.hex(32)}` } : {};
    history.add(action, now - rng.int(0, 90 * DAY_SECONDS), actor, action === 'login' ? null : rng.pick(orgIds), data);
  }
}
