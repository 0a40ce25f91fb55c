import type { z } from 'zod';
import { ApiError } from '@/lib/api/errors';

/*
 * The portal's own list cursors: an opaque, URL-safe token for a position, read back only if it has the shape
 * its list gave out. One helper for every list the portal pages itself.
 */

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position in `cursor`, or a 422 naming `field` when it is not one this list gave out. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S, field = 'after'): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('unprocessable_entity', `${field}: is not a cursor this list gave out`, { field });
  return parsed.data;
}
