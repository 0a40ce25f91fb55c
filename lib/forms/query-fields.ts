import type { z } from 'zod';

export type RawQuery = Record<string, string | string[] | undefined>;

/** One query parameter as typed (the first, when repeated), so a form can show it again. */
export function rawValue(q: RawQuery, name: string): string {
  const v = q[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/**
 * The first complaint per top-level field of a failed parse, reworded by `words` for people (the field's own
 * message, next to the field), falling back to the schema's text.
 */
export function fieldMessages(error: z.ZodError, words: Record<string, (schemaMessage: string) => string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!field || out[field]) continue;
    out[field] = words[field]?.(issue.message) ?? `${issue.message.charAt(0).toUpperCase()}${issue.message.slice(1)}.`;
  }
  return out;
}
