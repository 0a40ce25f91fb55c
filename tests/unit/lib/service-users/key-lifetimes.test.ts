import { describe, expect, it } from 'vitest';
import { DAY_SECONDS, defaultKeyLifetime, keyExpiresAt, keyLifetimeChoices, keyLifetimeLabel } from '@/lib/service-users/schemas';

const NOW = 1_790_000_000;

describe('key lifetimes follow the service user', () => {
  it('a 30-day service user is offered its own end first, and only the fixed lifetimes that end before it', () => {
    const choices = keyLifetimeChoices(NOW + 30 * DAY_SECONDS, NOW);
    expect(choices).toEqual(['service-user', '7d']);
    expect(defaultKeyLifetime(choices)).toBe('service-user');
  });

  it('a year-long service user defaults to its own end too, and is offered every fixed lifetime that fits', () => {
    const choices = keyLifetimeChoices(NOW + 365 * DAY_SECONDS, NOW);
    expect(choices).toEqual(['service-user', '7d', '30d', '90d', '180d']);
    expect(defaultKeyLifetime(choices)).toBe('service-user');
  });

  it('a service user that never expires is offered fixed lifetimes, 90 days by default', () => {
    const choices = keyLifetimeChoices(null, NOW);
    expect(choices).toEqual(['7d', '30d', '90d', '180d', '365d']);
    expect(defaultKeyLifetime(choices)).toBe('90d');
  });

  it('a service user with days left still gets a key until its end; one expiring within the hour gets none', () => {
    expect(keyLifetimeChoices(NOW + 3 * DAY_SECONDS, NOW)).toEqual(['service-user']);
    expect(keyLifetimeChoices(NOW + 600, NOW)).toEqual([]);
    expect(defaultKeyLifetime([])).toBeNull();
  });

  it('"until the service user expires" ends exactly when the service user does', () => {
    expect(keyExpiresAt('service-user', NOW + 30 * DAY_SECONDS, NOW)).toEqual({ ok: true, expiresAt: NOW + 30 * DAY_SECONDS });
    expect(keyExpiresAt('7d', NOW + 30 * DAY_SECONDS, NOW)).toEqual({ ok: true, expiresAt: NOW + 7 * DAY_SECONDS });
  });

  it('refuses a lifetime past the service user, one for a service user that never expires, and any for an expired one', () => {
    const past = keyExpiresAt('90d', NOW + 30 * DAY_SECONDS, NOW);
    expect(past.ok).toBe(false);
    expect(!past.ok && past.message).toMatch(/expires on \d{4}-\d{2}-\d{2}; pick a shorter lifetime/);
    expect(keyExpiresAt('service-user', null, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/never expires/) });
    expect(keyExpiresAt('7d', NOW - 1, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
    expect(keyExpiresAt('365d', null, NOW)).toEqual({ ok: true, expiresAt: NOW + 365 * DAY_SECONDS });
  });

  it('labels read as words', () => {
    expect(keyLifetimeLabel('service-user')).toBe('Until the service user expires');
    expect(keyLifetimeLabel('30d')).toBe('30 days');
    expect(keyLifetimeLabel('365d')).toBe('1 year');
  });
});
