import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldMessages, rawValue } from '@/lib/forms/query-fields';

describe('query fields', () => {
  it('keeps what was typed, first of repeated values', () => {
    expect(rawValue({ to: ['2026-01-01', 'x'], from: '2026-02-01' }, 'to')).toBe('2026-01-01');
    expect(rawValue({}, 'tag')).toBe('');
  });

  it('gives one message per field, in the words given, else the schema text as a sentence', () => {
    const schema = z.object({ from: z.iso.date({ error: 'must be a date' }), tag: z.string().max(3, { error: 'too long' }) });
    const result = schema.safeParse({ from: 'yesterday', tag: 'abcdef' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldMessages(result.error, { from: () => 'Enter the start date as a date, like 2026-11-30.' })).toEqual({
      from: 'Enter the start date as a date, like 2026-11-30.',
      tag: 'Too long.',
    });
  });
});
