import { ApiClientError } from '@/lib/swr/fetcher';
import type { ErrorSummary } from './schemas';

/** An error from the portal's API as a flat summary (the shape batch results carry too). Client-safe. */
export function summarizeError(err: unknown): ErrorSummary {
  if (err instanceof ApiClientError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.info.retryAfterSeconds !== undefined && { retryAfterSeconds: err.info.retryAfterSeconds }),
      ...(err.info.missingPermission && { missingPermission: err.info.missingPermission }),
    };
  }
  return { code: 'internal_error', message: 'Something went wrong. Try again.' };
}

/** The sentence a person sees for a failed sessions call, chosen by code. */
export function errorText(error: ErrorSummary): string {
  switch (error.code) {
    case 'rate_limited':
      return `Devin is rate limiting; try again in ${error.retryAfterSeconds ?? 'a few'} s.`;
    case 'upstream_timeout':
      return 'Devin did not answer in time. Try again in a moment.';
    case 'upstream_error':
      return error.missingPermission
        ? `Devin refused: the portal's service user lacks the ${error.missingPermission} permission. Ask the platform team to grant it.`
        : error.message;
    default:
      return error.message;
  }
}
