import { DEMO_ORGS } from '../demo/directory';
import { DAY_SECONDS } from './consumption';
import { demoOrgId, seededServiceUserId } from './ids';
import type { Random } from './random';
import { CATEGORIES } from './routes/sessions';
import type { Actor, History } from './seed-history';
import { scheduleRun, stopRun } from './session-lifecycle';
import type { RunOutcome, Session, State } from './state';

const DAY_MS = DAY_SECONDS * 1000;
const HOUR_MS = 3_600_000;

const TITLES = [
  'Fix flaky checkout integration test',
  'Upgrade React Native to 0.76',
  'Add rate limiting to the payments webhook',
  'Migrate CI from Jenkins to GitHub Actions',
  'Write unit tests for the ledger reconciliation job',
  'Investigate memory leak in the ingestion worker',
  'Document the feature-flag rollout process',
  'Refactor auth middleware into a shared package',
  'Bump lodash to patch CVE-2021-23337',
  'Add dark mode to the settings page',
  'Speed up the nightly ETL by batching inserts',
  'Port the billing CLI to Python 3.12',
  'Add OpenTelemetry tracing to the API gateway',
  'Fix timezone bug in the weekly usage report',
  'Create a Terraform module for the staging VPC',
  'Review PR #482 for SQL injection risks',
  'Remove dead feature flags from the mobile app',
  'Add pagination to the admin user list',
  'Set up Dependabot for all services',
  'Investigate 502s from the image resizer',
  'Translate onboarding emails to French',
  'Add retry with backoff to the Slack notifier',
  'Convert the data notebooks to dbt models',
  'Harden S3 bucket policies',
];
const TAGS = ['bugfix', 'ci', 'migration', 'docs', 'frontend', 'backend', 'security', 'tests', 'flaky', 'release', 'infra', 'perf'];
const REPOS: Record<string, string[]> = {
  platform: ['acme/infra', 'acme/api-gateway', 'acme/ci-templates'],
  payments: ['acme/payments-service', 'acme/ledger'],
  data: ['acme/data-pipelines', 'acme/notebooks'],
  mobile: ['acme/mobile-app'],
  security: ['acme/infra', 'acme/secrets-scanner'],
  growth: ['acme/web', 'acme/emails'],
};
const ORG_WEIGHTS: Record<string, number> = { platform: 5, payments: 4, data: 3, mobile: 3, security: 2, growth: 2 };
const PLAYBOOKS = ['playbook-6f1c2a9e4b7d', 'playbook-0b9e47d2c813', 'playbook-a53f8e1d92c4'];

type SessionKind = 'finished' | 'terminated' | 'suspended' | 'error' | 'running';
const SESSION_KINDS: [SessionKind, number][] = [
  ['finished', 44],
  ['terminated', 6],
  ['suspended', 14],
  ['error', 6],
  ['running', 10],
];
const OUTCOME_OF: Record<SessionKind, RunOutcome> = { finished: 'exit', terminated: 'exit', suspended: 'suspended', error: 'error', running: 'exit' };

/** About 80 sessions over the last six weeks, in every status, as people, the portal and org bots started them. */
export function seedSessions(state: State, history: History, rng: Random, nowMs: number): void {
  const portalId = seededServiceUserId('portal');
  const weighted = DEMO_ORGS.flatMap((o) => Array<string>(ORG_WEIGHTS[o.key] ?? 1).fill(o.key));
  const kinds = SESSION_KINDS.flatMap(([kind, n]) => Array<SessionKind>(n).fill(kind));
  const eventId = () => `event-${rng.hex(16)}`;

  for (const kind of kinds) {
    const orgKey = rng.pick(weighted);
    const org = state.orgs.get(demoOrgId(orgKey))!;
    const { users, serviceUsers } = state.orgMembers(org.id);
    const serviceUserIds = serviceUsers.map((su) => su.id);
    const person = rng.pick(users);
    const via = rng.next();
    const [origin, userId, serviceUserId] =
      via < 0.35 ? ['webapp', person.id, null]
      : via < 0.45 ? ['slack', person.id, null]
      : via < 0.85 || serviceUserIds.length === 0 ? ['api', person.id, portalId]
      : [rng.pick(['api', 'automation']), null, rng.pick(serviceUserIds)];

    const workMs = kind === 'running' ? rng.int(2, 6) * HOUR_MS : rng.int(8, 180) * 60_000;
    let createdMs = kind === 'running' ? nowMs - rng.int(3, 90) * 60_000 : nowMs - Math.round(rng.float(0.2, 42) * DAY_MS);
    const queueMs = rng.int(3, 40) * 1000;
    const setupMs = rng.int(10, 90) * 1000;
    // A finished session must have finished: slide it back if its run would reach the present.
    if (kind !== 'running') createdMs = Math.min(createdMs, nowMs - queueMs - setupMs - workMs - 60_000);

    const title = rng.pick(TITLES);
    const repo = rng.pick(REPOS[orgKey] ?? ['acme/web']);
    const session: Session = {
      id: `devin-${rng.hex(32)}`,
      orgId: org.id,
      title,
      tags: rng.sample(TAGS, rng.int(0, 3)),
      userId,
      serviceUserId,
      origin,
      playbookId: rng.chance(0.2) ? rng.pick(PLAYBOOKS) : null,
      repos: [repo],
      acuCap: org.maxSessionAcuLimit,
      category: rng.pick(CATEGORIES),
      pullRequests: [],
      createdMs,
      touchedMs: createdMs,
      isArchived: false,
      terminatedMs: null,
      runs: [],
      messages: [{ id: eventId(), atMs: createdMs, source: 'user', text: `${title}. Work in ${repo} and open a PR when done.` }],
    };
    const runningMs = createdMs + queueMs + setupMs;
    const acus = (workMs / HOUR_MS) * 4 * rng.float(0.6, 1.4);
    const run = { startMs: createdMs, claimedMs: createdMs + queueMs, runningMs, endMs: runningMs + workMs, outcome: OUTCOME_OF[kind], acus, resumed: false };
    scheduleRun(session, run, eventId);

    const actor: Actor = serviceUserId ? { serviceUserId } : { userId: userId! };
    const onBehalfOf = serviceUserId && userId ? userId : undefined;
    history.add('create_session', createdMs / 1000, actor, org.id, { session_id: session.id, title, origin }, onBehalfOf);

    const stopMs = kind === 'terminated' ? runningMs + Math.round(workMs * rng.float(0.2, 0.8)) : undefined;
    const lastMs = stopMs ?? (kind === 'running' ? nowMs : run.endMs);
    if (rng.chance(0.35)) {
      const askedMs = runningMs + Math.round((lastMs - runningMs) * 0.4);
      session.messages.push(
        { id: eventId(), atMs: askedMs, source: 'user', text: 'Please also add a test that covers the edge case we discussed.' },
        { id: eventId(), atMs: askedMs + 45_000, source: 'devin', text: "Got it, I'll take that into account." },
      );
      history.add('send_message', askedMs / 1000, actor, org.id, { session_id: session.id }, onBehalfOf);
    }
    if (stopMs !== undefined) {
      stopRun(session, stopMs, 'terminate');
      session.terminatedMs = stopMs;
      history.add('terminate_session', stopMs / 1000, actor, org.id, { session_id: session.id, archive: false }, onBehalfOf);
    }
    if (kind === 'finished' && rng.chance(0.65)) {
      session.pullRequests.push({ pr_url: `https://github.com/${repo}/pull/${rng.int(100, 4999)}`, pr_state: rng.pick(['merged', 'merged', 'open', 'closed']) });
    } else if (kind === 'running' && rng.chance(0.3)) {
      session.pullRequests.push({ pr_url: `https://github.com/${repo}/pull/${rng.int(100, 4999)}`, pr_state: rng.pick(['open', null]) });
    }
    if (kind !== 'running' && rng.chance(0.2)) {
      session.isArchived = true;
      session.touchedMs = Math.min(nowMs, lastMs + rng.int(1, 48) * HOUR_MS);
      history.add('sleep_session', session.touchedMs / 1000, actor, org.id, { session_id: session.id, archived: true }, onBehalfOf);
    }
    state.sessions.set(session.id, session);
  }
}

