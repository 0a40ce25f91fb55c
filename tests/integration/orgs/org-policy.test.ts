import { describe, expect, it } from 'vitest';
import { decideOrgRequest, orgNameKey, type OrgPolicy } from '@/lib/policy/org-policy';
import { orgRequestInputSchema, orgUpdateSchema } from '@/lib/policy/org-rules';

// The default naming rule from lib/env.ts, as the demo runs it.
const policy: OrgPolicy = {
  namePattern: "^[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N} .,'&()+_-]{1,63}$",
  nameHint: 'letters, digits and simple punctuation',
  maxCycleAcu: 10_000,
  maxSessionAcu: 200,
  autoApproveCycleAcu: 1_000,
  maxPerPerson: 3,
  requestTtlHours: 72,
};

const schema = orgRequestInputSchema(policy);
const valid = { name: 'Platform Tools', maxCycleAcuLimit: 500, maxSessionAcuLimit: 20, reason: 'CI agents for the platform team' };
const firstIssue = (input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? null : { field: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message };
};

describe('org request policy', () => {
  it.each(['Équipe de Science des Données', 'Команда Платформы', 'データ基盤チーム', 'Ωmega Lab', "O'Brien & Co (EU)", 'Zürich ML-Ops_2'])(
    'accepts the Unicode name %s',
    (name) => {
      expect(schema.parse({ ...valid, name }).name).toBe(name);
    },
  );

  it('normalises a name to NFC with single spaces', () => {
    const decomposed = '  E\u0301quipe   Données ';
    expect(schema.parse({ ...valid, name: decomposed }).name).toBe('Équipe Données');
  });

  it.each([
    ['', 'Enter a name'],
    ['x', 'Use letters, digits and simple punctuation'],
    ['-starts-with-dash', 'Use letters, digits and simple punctuation'],
    ['has/slash', 'Use letters, digits and simple punctuation'],
    ['emoji 🚀', 'Use letters, digits and simple punctuation'],
    ['a'.repeat(65), 'Use letters, digits and simple punctuation'],
  ])('refuses the name %j with a message naming the rule', (name, message) => {
    expect(firstIssue({ ...valid, name })).toEqual({ field: 'name', message });
  });

  it('holds limits to whole ACUs within the configured maxima', () => {
    expect(firstIssue({ ...valid, maxCycleAcuLimit: 10_001 })).toEqual({ field: 'maxCycleAcuLimit', message: 'Policy allows at most 10,000 ACUs' });
    expect(firstIssue({ ...valid, maxSessionAcuLimit: 201 })).toEqual({ field: 'maxSessionAcuLimit', message: 'Policy allows at most 200 ACUs' });
    expect(firstIssue({ ...valid, maxCycleAcuLimit: 2.5 })?.field).toBe('maxCycleAcuLimit');
    expect(firstIssue({ ...valid, maxCycleAcuLimit: 0 })?.message).toBe('Must be at least 1 ACU');
    expect(firstIssue({ ...valid, maxCycleAcuLimit: undefined })?.message).toMatch(/cycle limit as a whole number/);
  });

  it('refuses a session limit above the cycle limit, on the session field', () => {
    expect(firstIssue({ ...valid, maxCycleAcuLimit: 10, maxSessionAcuLimit: 20 })).toEqual({
      field: 'maxSessionAcuLimit',
      message: 'A session cannot be allowed more ACUs than the whole cycle',
    });
  });

  it('wants a reason', () => {
    expect(firstIssue({ ...valid, reason: '  ' })?.field).toBe('reason');
  });

  it('creates at once up to the threshold and asks an admin above it', () => {
    expect(decideOrgRequest(policy, { maxCycleAcuLimit: 1_000 })).toBe('create-now');
    expect(decideOrgRequest(policy, { maxCycleAcuLimit: 1_001 })).toBe('needs-approval');
  });

  it('treats names differing only in case or accents as the same org', () => {
    expect(orgNameKey('Équipe de Science des Données')).toBe(orgNameKey('equipe de  SCIENCE des donnees'));
    expect(orgNameKey('Payments')).not.toBe(orgNameKey('Payment'));
  });

  it('lets admins clear limits but not set a session above the cycle', () => {
    const update = orgUpdateSchema(policy);
    expect(update.parse({ maxCycleAcuLimit: null })).toEqual({ maxCycleAcuLimit: null });
    expect(update.safeParse({}).success).toBe(false);
    expect(update.safeParse({ maxCycleAcuLimit: 5, maxSessionAcuLimit: 6 }).success).toBe(false);
  });
});
