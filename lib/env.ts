import 'server-only';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const list = z
  .preprocess(emptyAsUndefined, z.string().optional())
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const flag = (fallback: boolean) =>
  z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional()).transform((v) =>
    v === undefined ? fallback : v === 'true' || v === '1',
  );

const intSetting = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

function acuSetting(fallback: number) {
  return z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(1_000_000).default(fallback));
}

function isUnicodeRegExp(pattern: string) {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  DEVIN_API_URL: z.preprocess(emptyAsUndefined, z.url().default('https://api.devin.ai')).transform((u) => u.replace(/\/+$/, '')),
  DEVIN_SERVICE_USER_TOKEN: z
    .string({ error: 'is required (a Devin service-user token, cog_…)' })
    .startsWith('cog_', { error: 'must be a v3 service-user token starting with cog_' }),
  DEVIN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(120_000).default(15_000)),
  /** Upstream requests in flight at once per instance; the deployment's budget is instances × this. */
  DEVIN_MAX_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(256).default(16)),
  /** Identical upstream reads answered within this many ms are shared (0 turns sharing off). */
  DEVIN_SHARE_READS_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000).default(1000)),
  NEXTAUTH_URL: z.url({ error: 'must be the portal URL people open, e.g. http://localhost:3000' }),
  NEXTAUTH_SECRET: z.string({ error: 'is required' }).min(32, { error: 'must be at least 32 characters' }),
  OIDC_ISSUER: z.url({ error: 'must be the IdP issuer URL' }),
  OIDC_CLIENT_ID: z.string({ error: 'is required' }).min(1),
  OIDC_CLIENT_SECRET: z.string({ error: 'is required' }).min(1),
  OIDC_DISPLAY_NAME: z.preprocess(emptyAsUndefined, z.string().default('Single sign-on')),
  PORTAL_ADMIN_GROUPS: list.transform((g) => (g.length ? g : ['portal-admins'])),
  // Each entry is an email (matched only when the IdP marks it verified) or `sub:<subject>` (the IdP's stable id).
  PORTAL_BREAK_GLASS_ADMINS: list.transform((entries) => entries.map((e) => (e.startsWith('sub:') ? e : e.toLowerCase()))),
  // Identity checks at sign-in: an unverified email is refused unless this is set (for IdPs that never send email_verified).
  OIDC_ALLOW_UNVERIFIED_EMAIL: flag(false),
  // Only people whose email is in one of these domains may sign in (empty: any domain the IdP vouches for).
  OIDC_ALLOWED_EMAIL_DOMAINS: list.transform((domains) => domains.map((d) => d.toLowerCase().replace(/^@/, ''))),
  // Sign-in sessions: an absolute lifetime from sign-in (reading the session never extends it).
  SESSION_MAX_AGE_HOURS: intSetting(8, 1, 24 * 30),
  // Devin org roles, by role id (never by name): which make someone an org admin, which may start and steer sessions.
  DEVIN_ORG_ADMIN_ROLE_IDS: list.transform((ids) => (ids.length ? ids : ['role-org-admin'])),
  DEVIN_SESSION_ROLE_IDS: list.transform((ids) => (ids.length ? ids : ['role-org-admin', 'role-org-member'])),
  // When the portal's token may not impersonate, start and steer sessions as the portal's service user instead (off: refuse).
  SESSIONS_SERVICE_USER_FALLBACK: flag(false),
  // Token-bucket limits per signed-in person and per client address (requests per minute; the burst is the bucket size).
  RATE_LIMIT_PERSON_PER_MINUTE: intSetting(240, 1, 100_000),
  RATE_LIMIT_PERSON_BURST: intSetting(120, 1, 100_000),
  RATE_LIMIT_ADDRESS_PER_MINUTE: intSetting(1_200, 1, 1_000_000),
  RATE_LIMIT_ADDRESS_BURST: intSetting(600, 1, 1_000_000),
  // How many Devin sessions one person may start per minute (a batch counts each org).
  SESSION_STARTS_PER_MINUTE: intSetting(10, 1, 10_000),
  // Proxies in front of the portal that append to X-Forwarded-For (0: the portal faces clients directly).
  TRUSTED_PROXY_HOPS: intSetting(0, 0, 10),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().default('file:./data/portal.db')),
  // Self-service org creation policy (lib/policy/org-policy.ts); the defaults suit the demo.
  ORG_NAME_PATTERN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("^[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N} .,'&()+_-]{1,63}$")
      .refine(isUnicodeRegExp, { error: 'must be a valid regular expression (JavaScript syntax, u flag)' }),
  ),
  ORG_NAME_HINT: z.preprocess(
    emptyAsUndefined,
    z.string().default("2 to 64 characters: letters in any language, digits, spaces and . , ' & ( ) + _ -, starting with a letter or digit"),
  ),
  ORG_MAX_CYCLE_ACU: acuSetting(10_000),
  ORG_MAX_SESSION_ACU: acuSetting(200),
  ORG_AUTO_APPROVE_CYCLE_ACU: acuSetting(1_000),
  ORG_MAX_PER_PERSON: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(1_000).default(3)),
  ORG_REQUEST_TTL_HOURS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(24 * 90).default(72)),
});

export type Env = z.infer<typeof envSchema>;

// On globalThis: every bundle's copy of this module must hand out the same object, so what is built from it once
// per configuration (the Devin client, its budget and read cache) is built once per process.
const holder = globalThis as typeof globalThis & { __portalEnv?: Env };

/** Validated server configuration, read lazily so `next build` needs no secrets. Throws naming every bad variable. */
export function env(): Env {
  if (holder.__portalEnv) return holder.__portalEnv;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
    throw new Error(`Invalid portal configuration (see .env.example):\n${lines.join('\n')}`);
  }
  holder.__portalEnv = parsed.data;
  return parsed.data;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  holder.__portalEnv = undefined;
}
