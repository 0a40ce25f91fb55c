import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedId } from '@/lib/ids';

describe('timeOrderedId', () => {
  it('is a valid version-7 UUID', () => {
    const id = timeOrderedId();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });

  it('carries its millisecond timestamp, so text order is creation order', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((at) => timeOrderedId(at));
    expect([...ids].reverse().sort()).toEqual(ids);
    expect(Number.parseInt(ids[0]!.replaceAll('-', '').slice(0, 12), 16)).toBe(1_700_000_000_000);
  });

  it('sorts ids made in the same millisecond in the order they were made, all different', () => {
    const at = Date.now();
    const many = Array.from({ length: 1000 }, () => timeOrderedId(at));
    expect(new Set(many).size).toBe(1000);
    expect([...many].sort()).toEqual(many);
  });
});
