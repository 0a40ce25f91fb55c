/*
 * The service-users choices (lifetimes, overlaps), their labels and the key-lifetime rules: plain data and
 * functions, no zod, so the client forms that offer them ship no validation library. The routes validate against
 * the same tables in ./schemas.
 */

export const DAY_SECONDS = 86_400;
/** Keys expiring within this many days are flagged. */
export const EXPIRING_SOON_DAYS = 14;

/** How long a new service user lives; Devin allows at most a year. */
export const SERVICE_USER_LIFETIMES = { '30d': 30, '90d': 90, '180d': 180, '365d': 365 } as const;
export type ServiceUserLifetime = keyof typeof SERVICE_USER_LIFETIMES;

/** How long a new key lives; never longer than its service user, which the form and the server both enforce. */
export const KEY_LIFETIMES = { '7d': 7, '30d': 30, '90d': 90, '180d': 180, '365d': 365 } as const;
export type KeyLifetime = keyof typeof KEY_LIFETIMES;
/** A key that lives exactly as long as its service user: the default wherever the service user itself expires. */
export const UNTIL_SERVICE_USER = 'service-user' as const;
/** What a create or rotate form may send as a key's lifetime. */
export type KeyLifetimeChoice = KeyLifetime | typeof UNTIL_SERVICE_USER;
export const KEY_LIFETIME_CHOICES = [UNTIL_SERVICE_USER, ...(Object.keys(KEY_LIFETIMES) as KeyLifetime[])] as [KeyLifetimeChoice, ...KeyLifetimeChoice[]];
/** A fixed lifetime is offered only if it ends this long before the service user, so a choice made now still fits when sent later. */
const OFFER_MARGIN_SECONDS = DAY_SECONDS;
/** "Until the service user expires" is offered only while the service user has at least this long left. */
const MIN_KEY_SECONDS = 3_600;

/**
 * The lifetimes a new or rotated key of a service user expiring at `serviceUserExpiresAt` may have, the default first:
 * "until the service user expires" when it expires at all, then every fixed lifetime that ends before it does.
 */
export function keyLifetimeChoices(serviceUserExpiresAt: number | null, nowSeconds: number): KeyLifetimeChoice[] {
  if (serviceUserExpiresAt === null) return Object.keys(KEY_LIFETIMES) as KeyLifetime[];
  if (serviceUserExpiresAt - nowSeconds < MIN_KEY_SECONDS) return [];
  const fixed = (Object.keys(KEY_LIFETIMES) as KeyLifetime[]).filter(
    (l) => nowSeconds + KEY_LIFETIMES[l] * DAY_SECONDS + OFFER_MARGIN_SECONDS <= serviceUserExpiresAt,
  );
  return [UNTIL_SERVICE_USER, ...fixed];
}

/** The choice a form starts on: the service user's own end when it has one, else 90 days (or the longest offered). */
export function defaultKeyLifetime(choices: KeyLifetimeChoice[]): KeyLifetimeChoice | null {
  if (choices.includes(UNTIL_SERVICE_USER)) return UNTIL_SERVICE_USER;
  return choices.includes('90d') ? '90d' : (choices.at(-1) ?? null);
}

/**
 * When a key given `choice` expires, or why it cannot: a key never outlives its service user, and a longer lifetime
 * is refused rather than silently shortened.
 */
export function keyExpiresAt(
  choice: KeyLifetimeChoice,
  serviceUserExpiresAt: number | null,
  nowSeconds: number,
): { ok: true; expiresAt: number } | { ok: false; message: string } {
  const until = serviceUserExpiresAt === null ? '' : new Date(serviceUserExpiresAt * 1000).toISOString().slice(0, 10);
  if (serviceUserExpiresAt !== null && serviceUserExpiresAt <= nowSeconds) return { ok: false, message: `the service user expired on ${until}; a new key would not work` };
  if (choice === UNTIL_SERVICE_USER) {
    if (serviceUserExpiresAt === null) return { ok: false, message: 'this service user never expires; pick a lifetime in days' };
    return { ok: true, expiresAt: serviceUserExpiresAt };
  }
  const expiresAt = nowSeconds + KEY_LIFETIMES[choice] * DAY_SECONDS;
  if (serviceUserExpiresAt !== null && expiresAt > serviceUserExpiresAt) {
    return { ok: false, message: `the service user itself expires on ${until}; pick a shorter lifetime or “until the service user expires”` };
  }
  return { ok: true, expiresAt };
}

/** How a lifetime choice reads in a form (the form's hint gives the service user's end date). */
export function keyLifetimeLabel(choice: KeyLifetimeChoice): string {
  return choice === UNTIL_SERVICE_USER ? 'Until the service user expires' : LIFETIME_LABELS[choice];
}

/** How long the old key keeps working after a rotation; `none` revokes it at once. */
export const ROTATION_OVERLAPS = { none: 0, '1h': 3_600, '24h': DAY_SECONDS, '3d': 3 * DAY_SECONDS, '7d': 7 * DAY_SECONDS } as const;
export type RotationOverlap = keyof typeof ROTATION_OVERLAPS;

const lifetimeLabel = (days: number) => (days % 365 === 0 ? `${days / 365} year` : `${days} days`);
export const LIFETIME_LABELS = Object.fromEntries(
  Object.entries({ ...KEY_LIFETIMES, ...SERVICE_USER_LIFETIMES }).map(([k, days]) => [k, lifetimeLabel(days)]),
) as Record<KeyLifetime | ServiceUserLifetime, string>;
export const OVERLAP_LABELS: Record<RotationOverlap, string> = {
  none: 'Revoke the old key at once',
  '1h': 'Keep the old key for 1 hour',
  '24h': 'Keep the old key for 24 hours',
  '3d': 'Keep the old key for 3 days',
  '7d': 'Keep the old key for 7 days',
};
