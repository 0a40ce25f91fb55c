import 'server-only';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const list = z
  .preprocess(emptyAsUndefined, z.string().optional())
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

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
  PORTAL_BREAK_GLASS_ADMINS: list.transform((emails) => emails.map((e) => e.toLowerCase())),
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

let cached: Env | undefined;

/** Validated server configuration, read lazily so `next build` needs no secrets. Throws naming every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
    throw new Error(`Invalid portal configuration (see .env.example):\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
