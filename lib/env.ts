import 'server-only';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const list = z
  .preprocess(emptyAsUndefined, z.string().optional())
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const envSchema = z.object({
  DEVIN_API_URL: z.preprocess(emptyAsUndefined, z.url().default('https://api.devin.ai')).transform((u) => u.replace(/\/+$/, '')),
  DEVIN_SERVICE_USER_TOKEN: z
    .string({ error: 'is required (a Devin service-user token, cog_…)' })
    .startsWith('cog_', { error: 'must be a v3 service-user token starting with cog_' }),
  DEVIN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(120_000).default(15_000)),
  NEXTAUTH_URL: z.url({ error: 'must be the portal URL people open, e.g. http://localhost:3000' }),
  NEXTAUTH_SECRET: z.string({ error: 'is required' }).min(32, { error: 'must be at least 32 characters' }),
  OIDC_ISSUER: z.url({ error: 'must be the IdP issuer URL' }),
  OIDC_CLIENT_ID: z.string({ error: 'is required' }).min(1),
  OIDC_CLIENT_SECRET: z.string({ error: 'is required' }).min(1),
  OIDC_DISPLAY_NAME: z.preprocess(emptyAsUndefined, z.string().default('Single sign-on')),
  PORTAL_ADMIN_GROUPS: list.transform((g) => (g.length ? g : ['portal-admins'])),
  PORTAL_BREAK_GLASS_ADMINS: list.transform((emails) => emails.map((e) => e.toLowerCase())),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().default('file:./data/portal.db')),
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
