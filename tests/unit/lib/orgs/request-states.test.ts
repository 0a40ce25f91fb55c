import { describe, expect, it } from 'vitest';
import { canTransition, effectiveStatus, OPEN_STATUSES, SLOT_STATUSES, TRANSITIONS } from '@/lib/orgs/request-states';
import type { OrgRequestStatus } from '@/lib/storage/schema';

const ALL = Object.keys(TRANSITIONS) as OrgRequestStatus[];

describe('org request transitions', () => {
  it('allows exactly the documented moves', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`)).sort();
    expect(allowed).toEqual(
      [
        'pending→creating',
        'pending→rejected',
        'pending→withdrawn',
        'pending→expired',
        'creating→created',
        'creating→failed',
        'creating→creating',
        'failed→creating',
        'created→deleted',
      ].sort(),
    );
  });

  it('never leaves a final state', () => {
    for (const final of ['rejected', 'withdrawn', 'expired', 'deleted'] as const) expect(TRANSITIONS[final]).toEqual([]);
  });

  it('never goes back to pending, and only a claim creates', () => {
    for (const from of ALL) expect(canTransition(from, 'pending')).toBe(false);
    expect(ALL.filter((from) => canTransition(from, 'created'))).toEqual(['creating']);
  });

  it('counts open and slot-holding states consistently', () => {
    expect(OPEN_STATUSES.every((st) => SLOT_STATUSES.includes(st))).toBe(true);
    expect(SLOT_STATUSES).toEqual(['pending', 'creating', 'created']);
  });

  it('reads a pending request past its deadline as expired without writing', () => {
    expect(effectiveStatus({ status: 'pending', expires_at: 100 }, 99)).toBe('pending');
    expect(effectiveStatus({ status: 'pending', expires_at: 100 }, 100)).toBe('expired');
    expect(effectiveStatus({ status: 'creating', expires_at: null }, 1e12)).toBe('creating');
    expect(effectiveStatus({ status: 'rejected', expires_at: 100 }, 200)).toBe('rejected');
  });
});
