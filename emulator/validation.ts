import { z } from 'zod';
import { unprocessable, type FieldError } from './http';

/*
 * Request parsing with zod, reporting failures the way the v3 API's FastAPI
 * backend does: 422 with `[{loc, msg, type}]` (kept in `errors`, doc §10).
 */

type Location = 'body' | 'query';

/** The JSON body; with `optional`, an empty body reads as `{}` (routes whose fields all have defaults). */
export function parseBody<T>(rawBody: string, schema: z.ZodType<T>, { optional = false } = {}): T {
  if (rawBody.trim() === '') {
    if (optional) return parseWith(schema, {}, 'body');
    throw unprocessable([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw unprocessable([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
  }
  return parseWith(schema, json, 'body');
}

/** Query parameters; keys in `arrayKeys` are repeatable (`?tags=a&tags=b`), others take their first value. */
export function parseQuery<T>(query: URLSearchParams, schema: z.ZodType<T>, arrayKeys: readonly string[] = []): T {
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) input[key] = arrayKeys.includes(key) ? query.getAll(key) : query.get(key)!;
  return parseWith(schema, input, 'query');
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown, location: Location): T {
  // reportInput lets a missing field be told apart from a wrong one; inputs are never echoed back.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw unprocessable(result.error.issues.map((issue) => toFieldError(issue, location)));
}

function toFieldError(issue: z.core.$ZodIssue, location: Location): FieldError {
  const loc = [location, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'invalid_type' && issue.input === undefined) return { loc, msg: 'Field required', type: 'missing' };
  return { loc, msg: issue.message, type: issueType(issue) };
}

function issueType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${issue.expected}_type`;
    case 'too_small':
      return issue.origin === 'string' ? 'string_too_short' : issue.origin === 'array' ? 'too_short' : 'greater_than_equal';
    case 'too_big':
      return issue.origin === 'string' ? 'string_too_long' : issue.origin === 'array' ? 'too_long' : 'less_than_equal';
    case 'invalid_value':
      return 'enum';
    default:
      return 'value_error';
  }
}

/** An integer query parameter (query values arrive as strings). */
export function queryInt(bounds: { min?: number; max?: number } = {}) {
  let int = z.number().int();
  if (bounds.min !== undefined) int = int.min(bounds.min);
  if (bounds.max !== undefined) int = int.max(bounds.max);
  return z
    .string()
    .regex(/^-?\d+$/, 'Input should be a valid integer')
    .transform(Number)
    .pipe(int);
}

export const queryBool = z
  .enum(['true', 'false', '1', '0'], { error: 'Input should be a valid boolean' })
  .transform((v) => v === 'true' || v === '1');

/**
 * A display name: 1..256 characters of any script. Counted in code points so
 * that non-Latin names get the same budget, and blank names are refused.
 */
export const nameSchema = z
  .string()
  .refine((s) => s.trim().length > 0, 'Name must not be blank')
  .refine((s) => [...s].length <= 256, 'Name must be at most 256 characters');
