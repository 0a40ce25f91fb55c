import { z } from 'zod';

/*
 * The v3 wire contract (shared/devin-api-v3.md), written independently of the
 * emulator's code. Objects are strict: an extra field is as much a contract
 * break as a missing one (and would be how a token leaks).
 */

const unixSeconds = z.number().int().min(1_500_000_000).max(4_000_000_000);

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    end_cursor: z.string().min(1).nullable(),
    has_next_page: z.boolean(),
    total: z.number().int().min(0).nullable(),
  });

export const problemSchema = z.strictObject({
  type: z.literal('about:blank'),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  detail: z.string().min(1),
  instance: z.string().startsWith('/'),
  errors: z.array(z.strictObject({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })).optional(),
});

export const selfSchema = z.strictObject({
  principal_type: z.literal('service_user'),
  service_user_id: z.string().startsWith('service-user-'),
  service_user_name: z.string(),
  org_id: z.string().startsWith('org-').nullable(),
});

export const roleSchema = z.strictObject({
  role_id: z.string().startsWith('role-'),
  role_name: z.string(),
  role_type: z.enum(['enterprise', 'org']),
});
export const orgScopedRoleSchema = roleSchema.omit({ role_type: true });

export const orgSchema = z.strictObject({
  org_id: z.string().regex(/^org-[0-9a-f]{12}$/),
  name: z.string().min(1),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  max_cycle_acu_limit: z.number().int().nullable(),
  max_session_acu_limit: z.number().int().nullable(),
});

const assignment = <R extends z.ZodType>(role: R) => z.strictObject({ role, org_id: z.string().nullable() });

export const userSchema = z.strictObject({
  user_id: z.string().startsWith('user-'),
  email: z.string().nullable(),
  name: z.string().nullable(),
  role_assignments: z.array(assignment(roleSchema)),
});

/** The item of both idp-users lists: `IdpGroupUser` has no `role_assignments`. */
export const idpGroupUserSchema = z.strictObject({
  user_id: z.string().startsWith('user-'),
  email: z.string().nullable(),
  name: z.string().nullable(),
  idp_role_assignments: z.array(z.strictObject({ idp_group_name: z.string(), role: roleSchema, org_id: z.string().nullable() })),
});
export const orgScopedIdpGroupUserSchema = idpGroupUserSchema.extend({
  idp_role_assignments: z.array(z.strictObject({ idp_group_name: z.string(), role: orgScopedRoleSchema, org_id: z.string().nullable() })),
});

export const userWithIdpRolesSchema = userSchema.extend({
  idp_role_assignments: z.array(z.strictObject({ idp_group_name: z.string(), role: roleSchema, org_id: z.string().nullable() })),
});

export const orgScopedUserSchema = userSchema.extend({ role_assignments: z.array(assignment(orgScopedRoleSchema)) });
export const orgScopedUserWithIdpRolesSchema = orgScopedUserSchema.extend({
  idp_role_assignments: z.array(z.strictObject({ idp_group_name: z.string(), role: orgScopedRoleSchema, org_id: z.string().nullable() })),
});

export const serviceUserSchema = z.strictObject({
  service_user_id: z.string().regex(/^service-user-[0-9a-f]+$/),
  name: z.string(),
  role_assignments: z.array(assignment(roleSchema)),
  expires_at: unixSeconds.nullable(),
});

export const provisionedSchema = z.strictObject({ service_user: serviceUserSchema, token: z.string().regex(/^cog_\w+$/) });

export const apiKeySchema = z.strictObject({
  api_key_id: z.string().regex(/^apikey-[0-9a-f]+$/),
  api_key_name: z.string(),
  created_at: unixSeconds,
  expires_at: unixSeconds.nullable(),
  is_active: z.boolean(),
  last_used_at: unixSeconds.nullable(),
  revoked_at: unixSeconds.nullable(),
});

export const apiKeyWithTokenSchema = z.strictObject({
  token: z.string().regex(/^cog_\w+$/),
  api_key_id: z.string().regex(/^apikey-[0-9a-f]+$/),
  api_key_name: z.string(),
});

export const sessionSchema = z.strictObject({
  session_id: z.string().regex(/^devin-[0-9a-f]{32}$/),
  url: z.string().regex(/^https:\/\/app\.devin\.ai\/sessions\/devin-[0-9a-f]{32}$/),
  status: z.enum(['new', 'claimed', 'running', 'exit', 'error', 'suspended', 'resuming']),
  status_detail: z
    .enum([
      'working', 'waiting_for_user', 'waiting_for_approval', 'finished', 'inactivity', 'user_request', 'usage_limit_exceeded',
      'out_of_credits', 'out_of_quota', 'no_quota_allocation', 'payment_declined', 'org_usage_limit_exceeded',
      'total_session_limit_exceeded', 'error',
    ])
    .nullable(),
  tags: z.array(z.string()),
  org_id: z.string().startsWith('org-'),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  acus_consumed: z.number().min(0),
  pull_requests: z.array(z.strictObject({ pr_url: z.url(), pr_state: z.string().nullable() })),
  title: z.string().nullable(),
  user_id: z.string().nullable(),
  service_user_id: z.string().nullable(),
  playbook_id: z.string().nullable(),
  parent_session_id: z.string().nullable(),
  child_session_ids: z.array(z.string()).nullable(),
  is_archived: z.boolean(),
  structured_output: z.record(z.string(), z.unknown()).nullable(),
  origin: z.enum(['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'automation', 'cli', 'desktop', 'other']).nullable(),
  category: z.string().nullable(),
  subcategory: z.string().nullable(),
});

export const messageSchema = z.strictObject({
  created_at: unixSeconds,
  event_id: z.string().min(1),
  message: z.string(),
  source: z.enum(['devin', 'user']),
});

export const tagsSchema = z.strictObject({ tags: z.array(z.string()) });

export const consumptionSchema = z.strictObject({
  total_acus: z.number().min(0),
  consumption_by_date: z.array(
    z.strictObject({
      date: unixSeconds,
      acus: z.number().min(0),
      acus_by_product: z.strictObject({ devin: z.number().min(0), cascade: z.number().min(0), terminal: z.number().min(0) }),
    }),
  ),
});

export const cycleSchema = z.strictObject({ after: unixSeconds, before: unixSeconds });

export const auditLogSchema = z.strictObject({
  audit_log_id: z.string().startsWith('audit-'),
  action: z.string().regex(/^[a-z_]+$/),
  created_at: unixSeconds,
  data: z.record(z.string(), z.unknown()),
  org_id: z.string().nullable(),
  user_id: z.string().nullable(),
  user_email: z.string().nullable(),
  service_user_id: z.string().nullable(),
  service_user_name: z.string().nullable(),
});
