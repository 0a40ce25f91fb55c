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

  it('carries its millisecond timestamp, so text order is creation order', async () => {
    const before = Date.now();
    const first = timeOrderedId();
    await new Promise((r) => setTimeout(r, 5));
    const second = timeOrderedId();
    const ms = Number.parseInt(first.replaceAll('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
    expect([second, first].sort()).toEqual([first, second]);
  });

  it('sorts ids made in the same millisecond in the order they were made, all different', () => {
    const many = Array.from({ length: 1000 }, () => timeOrderedId());
    expect(new Set(many).size).toBe(1000);
    expect([...many].sort()).toEqual(many);
  });
});
