import 'server-only';
import { z } from 'zod';

/*
 * The Devin v3 wire shapes (shared/devin-api-v3.md), snake_case as sent.
 * Responses are loose objects so additive vendor fields pass through; required fields stay required.
 * Enum-like response fields (status, origin, action, role_type…) are read as strings: a new vendor value
 * must not blank a page. Requests are strict objects: we send exactly the documented fields.
 */

const unixSeconds = z.number();
const optionalString = z.string().nullish();

// ---- Responses -----------------------------------------------------------------------------------

/** `{items, end_cursor, has_next_page, total}`; `end_cursor` and `total` may be omitted (doc §3). */
function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    items: z.array(item),
    end_cursor: z.string().nullish(),
    has_next_page: z.boolean().optional(),
    total: z.number().nullish(),
  });
}

export const selfSchema = z.discriminatedUnion('principal_type', [
  z.looseObject({
    principal_type: z.literal('service_user'),
    service_user_id: z.string(),
    service_user_name: z.string(),
    org_id: optionalString,
  }),
  z.looseObject({
    principal_type: z.literal('pat_user'),
    user_id: z.string(),
    user_name: z.string(),
    api_key_id: z.string(),
    api_key_name: z.string(),
    org_id: optionalString,
  }),
  z.looseObject({ principal_type: z.enum(['devin_brain', 'windsurf_session']), org_id: optionalString }),
]);

export const organizationSchema = z.looseObject({
  org_id: z.string(),
  name: z.string(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  max_cycle_acu_limit: z.number().nullable(),
  max_session_acu_limit: z.number().nullable(),
});

/** The org-scoped beta member routes omit `role_type` (doc §2.3). */
export const roleSchema = z.looseObject({ role_id: z.string(), role_name: z.string(), role_type: z.string().optional() });

const roleAssignmentSchema = z.looseObject({ role: roleSchema, org_id: optionalString });

export const userSchema = z.looseObject({
  user_id: z.string(),
  email: optionalString,
  name: optionalString,
  role_assignments: z.array(roleAssignmentSchema),
});

const idpRoleAssignmentSchema = z.looseObject({ idp_group_name: z.string(), role: roleSchema, org_id: optionalString });

/** The single-user reads: direct and group-derived roles together; the latter are optional in the spec. */
export const userWithIdpRolesSchema = userSchema.extend({
  idp_role_assignments: z.array(idpRoleAssignmentSchema).nullish().transform((list) => list ?? []),
});

/** The item of both idp-users lists (`IdpGroupUser`): no `role_assignments` at all (doc §6). */
export const idpGroupUserSchema = z.looseObject({
  user_id: z.string(),
  email: optionalString,
  name: optionalString,
  idp_role_assignments: z.array(idpRoleAssignmentSchema).nullish().transform((list) => list ?? []),
});

export const serviceUserSchema = z.looseObject({
  service_user_id: z.string(),
  name: z.string(),
  role_assignments: z.array(roleAssignmentSchema),
  expires_at: unixSeconds.nullish(),
});

export const provisionedServiceUserSchema = z.looseObject({ service_user: serviceUserSchema, token: z.string() });

export const apiKeySchema = z.looseObject({
  api_key_id: z.string(),
  api_key_name: z.string(),
  created_at: unixSeconds,
  expires_at: unixSeconds.nullish(),
  is_active: z.boolean(),
  last_used_at: unixSeconds.nullish(),
  revoked_at: unixSeconds.nullish(),
});

export const apiKeyWithTokenSchema = z.looseObject({ token: z.string(), api_key_id: z.string(), api_key_name: z.string() });

export const sessionSchema = z.looseObject({
  session_id: z.string(),
  url: z.string(),
  status: z.string(),
  status_detail: optionalString,
  tags: z.array(z.string()),
  org_id: z.string(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  acus_consumed: z.number(),
  pull_requests: z.array(z.looseObject({ pr_url: z.string(), pr_state: optionalString })),
  title: optionalString,
  user_id: optionalString,
  service_user_id: optionalString,
  playbook_id: optionalString,
  parent_session_id: optionalString,
  child_session_ids: z.array(z.string()).nullish(),
  is_archived: z.boolean().optional(),
  structured_output: z.record(z.string(), z.unknown()).nullish(),
  origin: optionalString,
  category: optionalString,
  subcategory: optionalString,
});

export const sessionMessageSchema = z.looseObject({
  event_id: z.string(),
  created_at: unixSeconds,
  message: z.string(),
  source: z.string(),
});

export const tagsSchema = z.looseObject({ tags: z.array(z.string()) });

/** A missing product value means 0 ACUs (doc §8). */
export const consumptionSchema = z.looseObject({
  total_acus: z.number(),
  consumption_by_date: z.array(
    z.looseObject({
      date: unixSeconds,
      acus: z.number(),
      acus_by_product: z.looseObject({
        devin: z.number().optional(),
        cascade: z.number().optional(),
        terminal: z.number().optional(),
        review: z.number().optional(),
      }),
    }),
  ),
});

export const consumptionCycleSchema = z.looseObject({ after: unixSeconds, before: unixSeconds });

export const auditLogSchema = z.looseObject({
  audit_log_id: z.string(),
  action: z.string(),
  created_at: unixSeconds,
  data: z.record(z.string(), z.unknown()),
  org_id: optionalString,
  user_id: optionalString,
  user_email: optionalString,
  service_user_id: optionalString,
  service_user_name: optionalString,
});

// ---- Pages -----------------------------------------------------------------------------------------

export const organizationPageSchema = pageOf(organizationSchema);
export const rolePageSchema = pageOf(roleSchema);
export const userPageSchema = pageOf(userSchema);
export const idpGroupUserPageSchema = pageOf(idpGroupUserSchema);
export const serviceUserPageSchema = pageOf(serviceUserSchema);
export const apiKeyPageSchema = pageOf(apiKeySchema);
export const sessionPageSchema = pageOf(sessionSchema);
export const sessionMessagePageSchema = pageOf(sessionMessageSchema);
export const consumptionCyclePageSchema = pageOf(consumptionCycleSchema);
export const auditLogPageSchema = pageOf(auditLogSchema);

// ---- Requests (query and body) ----------------------------------------------------------------------

const id = z.string().min(1);
const unixTime = z.number().int().min(0);
const futureTime = unixTime.refine((t) => t > Date.now() / 1000, 'must be in the future');
/** Session and tag endpoints cap a tag list at 50 (doc §7). */
const tagList = z.array(z.string().min(1)).max(50);

export const pageQuerySchema = z.strictObject({
  first: z.number().int().min(1).max(200).optional(),
  after: z.string().min(1).nullish(),
});

export const emailPageQuerySchema = pageQuerySchema.extend({ email: z.string().min(1).optional() });

export const createOrganizationBodySchema = z.strictObject({
  name: z.string().trim().min(1),
  max_cycle_acu_limit: z.number().int().min(0).nullish(),
  max_session_acu_limit: z.number().int().min(0).nullish(),
});

/** `null` for a limit is sent as-is (🟡 the doc leaves open whether it clears the limit). */
export const updateOrganizationBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).optional(),
    max_cycle_acu_limit: z.number().int().min(0).nullable().optional(),
    max_session_acu_limit: z.number().int().min(0).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to update');

export const roleBodySchema = z.strictObject({ role_id: id });

export const provisionServiceUserBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(256),
  role_id: id,
  ttl_seconds: z.number().int().min(1).max(31_536_000),
});

export const createApiKeyBodySchema = z.strictObject({ name: z.string().trim().min(1), expires_at: futureTime.nullish() });

export const listApiKeysQuerySchema = pageQuerySchema.extend({ status: z.enum(['active', 'revoked', 'expired', 'all']).optional() });

export const rotateApiKeyBodySchema = z.strictObject({ new_key_expires_at: futureTime.nullish(), revoke_current: z.boolean().optional() });

export const createSessionBodySchema = z.strictObject({
  prompt: z.string().trim().min(1),
  title: z.string().nullish(),
  tags: tagList.nullish(),
  playbook_id: id.nullish(),
  max_acu_limit: z.number().int().min(1).nullish(),
  create_as_user_id: id.nullish(),
});

export const listSessionsQuerySchema = pageQuerySchema.extend({
  session_ids: z.array(id).optional(),
  tags: z.array(z.string().min(1)).optional(),
  user_ids: z.array(id).optional(),
  service_user_ids: z.array(id).optional(),
  created_after: unixTime.optional(),
  created_before: unixTime.optional(),
  updated_after: unixTime.optional(),
  updated_before: unixTime.optional(),
  playbook_id: id.optional(),
  origins: z.array(z.string().min(1)).optional(),
  is_archived: z.boolean().optional(),
});

export const terminateSessionQuerySchema = z.strictObject({ archive: z.boolean().optional() });

export const sendMessageBodySchema = z.strictObject({ message: z.string().trim().min(1), message_as_user_id: id.nullish() });

export const tagsBodySchema = z.strictObject({ tags: tagList });

export const timeWindowQuerySchema = z.strictObject({ time_after: unixTime.optional(), time_before: unixTime.optional() });

const MAX_AUDIT_WINDOW_SECONDS = 100 * 24 * 60 * 60;

/** `time_before` needs `time_after`, and the window is at most 100 days (doc §9). */
export const auditLogQuerySchema = pageQuerySchema
  .extend({
    order: z.enum(['asc', 'desc']).optional(),
    time_after: unixTime.optional(),
    time_before: unixTime.optional(),
    action: z.string().min(1).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.time_before === undefined) return;
    if (q.time_after === undefined) {
      ctx.addIssue({ code: 'custom', path: ['time_before'], message: 'needs timeAfter as well' });
    } else if (q.time_before < q.time_after) {
      ctx.addIssue({ code: 'custom', path: ['time_before'], message: 'must not be before timeAfter' });
    } else if (q.time_before - q.time_after > MAX_AUDIT_WINDOW_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['time_before'], message: 'the window from timeAfter may be at most 100 days' });
    }
  });
