import 'server-only';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Append only: a migration that has run somewhere must never change.
const MIGRATIONS: Record<string, Migration> = {
  '2026_01_001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('trail_events')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor_sub', 'varchar(255)', (c) => c.notNull())
        .addColumn('actor_email', 'varchar(320)', (c) => c.notNull())
        .addColumn('actor_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('org_id', 'varchar(128)')
        .addColumn('target_ids', 'text', (c) => c.notNull())
        .addColumn('input', 'text')
        .addColumn('outcome', 'varchar(8)', (c) => c.notNull())
        .addColumn('error_code', 'varchar(64)')
        .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('upstream_request_id', 'varchar(128)')
        .execute();
      await db.schema.createIndex('trail_events_at_idx').ifNotExists().on('trail_events').columns(['at', 'id']).execute();
      await db.schema.createIndex('trail_events_actor_idx').ifNotExists().on('trail_events').columns(['actor_sub', 'at']).execute();
      await db.schema.createIndex('trail_events_org_idx').ifNotExists().on('trail_events').columns(['org_id', 'at']).execute();
      await db.schema.createIndex('trail_events_action_idx').ifNotExists().on('trail_events').columns(['action', 'at']).execute();

      await db.schema
        .createTable('trail_targets')
        .ifNotExists()
        .addColumn('event_id', 'varchar(64)', (c) => c.notNull().references('trail_events.id').onDelete('cascade'))
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('target_id', 'varchar(255)', (c) => c.notNull())
        .addPrimaryKeyConstraint('trail_targets_pk', ['event_id', 'name'])
        .execute();
      await db.schema.createIndex('trail_targets_target_idx').ifNotExists().on('trail_targets').column('target_id').execute();

      await db.schema
        .createTable('org_requests')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('requester_sub', 'varchar(255)', (c) => c.notNull())
        .addColumn('requester_email', 'varchar(320)', (c) => c.notNull())
        .addColumn('requester_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(255)', (c) => c.notNull())
        .addColumn('max_cycle_acu_limit', 'double precision', (c) => c.notNull())
        .addColumn('max_session_acu_limit', 'double precision', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('auto_approved', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decided_by_sub', 'varchar(255)')
        .addColumn('decided_by_email', 'varchar(320)')
        .addColumn('decision_reason', 'text')
        .addColumn('decided_at', 'bigint')
        .addColumn('org_id', 'varchar(128)')
        .addColumn('member_status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
        .addColumn('error_code', 'varchar(64)')
        .addColumn('error_message', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema.createIndex('org_requests_status_idx').ifNotExists().on('org_requests').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('org_requests_name_idx').ifNotExists().on('org_requests').columns(['name_key', 'status']).execute();
      await db.schema.createIndex('org_requests_requester_idx').ifNotExists().on('org_requests').columns(['requester_sub', 'created_at']).execute();

      await db.schema
        .createTable('idempotency_keys')
        .ifNotExists()
        .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('actor_sub', 'varchar(255)', (c) => c.notNull())
        .addColumn('scope', 'varchar(64)', (c) => c.notNull())
        .addColumn('request_hash', 'varchar(128)', (c) => c.notNull())
        .addColumn('resource_id', 'varchar(128)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('idempotency_keys_created_idx').ifNotExists().on('idempotency_keys').column('created_at').execute();

      await db.schema
        .createTable('session_submissions')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('actor_sub', 'varchar(255)', (c) => c.notNull())
        .addColumn('org_id', 'varchar(128)', (c) => c.notNull())
        .addColumn('prompt_hash', 'varchar(128)', (c) => c.notNull())
        .addColumn('session_id', 'varchar(128)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('session_submissions_lookup_idx')
        .ifNotExists()
        .on('session_submissions')
        .columns(['actor_sub', 'org_id', 'prompt_hash', 'created_at'])
        .execute();
    },
  },
  '2026_12_002_sign_in_sessions_and_rate_limits': {
    async up(db: Kysely<unknown>) {
      // One row per sign-in: the cookie carries only its id (sid), so a sign-in can be revoked everywhere.
      await db.schema
        .createTable('sign_in_sessions')
        .ifNotExists()
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('sub', 'varchar(255)', (c) => c.notNull())
        .addColumn('email', 'varchar(320)', (c) => c.notNull())
        .addColumn('email_verified', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('groups', 'text', (c) => c.notNull())
        .addColumn('idp_sid', 'varchar(255)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_reason', 'varchar(32)')
        .execute();
      await db.schema.createIndex('sign_in_sessions_sub_idx').ifNotExists().on('sign_in_sessions').columns(['sub', 'expires_at']).execute();
      await db.schema.createIndex('sign_in_sessions_email_idx').ifNotExists().on('sign_in_sessions').columns(['email', 'expires_at']).execute();
      await db.schema.createIndex('sign_in_sessions_idp_sid_idx').ifNotExists().on('sign_in_sessions').column('idp_sid').execute();

      // Token buckets, shared by every instance: consumed with one conditional UPDATE each.
      await db.schema
        .createTable('rate_limit_buckets')
        .ifNotExists()
        .addColumn('key', 'varchar(320)', (c) => c.primaryKey())
        .addColumn('tokens', 'double precision', (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rate_limit_buckets_updated_idx').ifNotExists().on('rate_limit_buckets').column('updated_ms').execute();
    },
  },
  // Several instances: holds, cache versions and the name rule live in the database, not in one process.
  '2026_12_013_instances': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('leases')
        .ifNotExists()
        .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('holder', 'varchar(64)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cache_versions')
        .ifNotExists()
        .addColumn('scope', 'varchar(128)', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      // One open request per org name, whichever instance files it.
      await db.schema
        .createIndex('org_requests_open_name_uq')
        .ifNotExists()
        .unique()
        .on('org_requests')
        .column('name_key')
        .where(sql.ref('status'), 'in', [sql.lit('pending'), sql.lit('creating')])
        .execute();
    },
  },
  // Issues 11 and 13: scheduled work in one table (claimed with FOR UPDATE SKIP LOCKED on PostgreSQL) and the alerts it sends.
  '2026_12_003_jobs_and_alerts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('jobs')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(64)', (c) => c.notNull())
        // At most one job per key, ever: scheduling the same work twice (two instances, a retry) is one job.
        .addColumn('dedupe_key', 'varchar(320)', (c) => c.unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('org_id', 'varchar(128)')
        .addColumn('actor_sub', 'varchar(255)')
        .addColumn('actor_email', 'varchar(320)')
        .addColumn('actor_name', 'varchar(255)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        // When the job was first due; retries move due_at, not this, so lateness is measured from here.
        .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('locked_by', 'varchar(128)')
        .addColumn('locked_until', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema.createIndex('jobs_status_due_idx').ifNotExists().on('jobs').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('jobs_status_scheduled_idx').ifNotExists().on('jobs').columns(['status', 'scheduled_at']).execute();
      await db.schema.createIndex('jobs_kind_org_idx').ifNotExists().on('jobs').columns(['kind', 'org_id', 'status']).execute();

      await db.schema
        .createTable('alerts')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('dedupe_key', 'varchar(320)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('severity', 'varchar(16)', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('org_id', 'varchar(128)')
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('cleared_at', 'bigint')
        .addColumn('sent_at', 'bigint')
        .addColumn('delivery_error', 'text')
        .execute();
      // One open alert per condition, whichever instance notices it first.
      await db.schema.createIndex('alerts_open_uq').ifNotExists().on('alerts').column('dedupe_key').unique().where(sql.ref('status'), '=', 'open').execute();
      await db.schema.createIndex('alerts_opened_idx').ifNotExists().on('alerts').columns(['opened_at', 'id']).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
