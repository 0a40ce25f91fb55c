/** The closed set of error codes the portal's API answers with, and their HTTP statuses. Client-safe. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable_entity: 422,
  rate_limited: 429,
  internal_error: 500,
  /** Devin answered, but not usefully: 5xx, a rejected portal token, a missing permission, or a response that broke the schema. */
  upstream_error: 502,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The wire shape of every error the portal's API returns. */
export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    /** The input field at fault, dotted (e.g. `limits.maxCycleAcuLimit`). */
    field?: string;
    retryAfterSeconds?: number;
    /** The Devin permission the portal's service user lacks. */
    missingPermission?: string;
    /** For rate_limited: which of the portal's limits was hit. */
    limit?: string;
    requestId?: string;
  };
}
