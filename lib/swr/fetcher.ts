import type { ErrorCode, ErrorEnvelope } from '@/lib/api/error-codes';

/** An error answer from the portal's own API, as the browser sees it. Components word their message by `code`. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network_error',
    message: string,
    readonly info: Partial<ErrorEnvelope['error']> = {},
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

async function toClientError(res: Response): Promise<ApiClientError> {
  const body = (await res.json().catch(() => null)) as ErrorEnvelope | null;
  if (body?.error) return new ApiClientError(res.status, body.error.code, body.error.message, body.error);
  return new ApiClientError(res.status, 'internal_error', `The portal answered ${res.status}.`);
}

/** JSON request to the portal's API; throws ApiClientError on any non-2xx answer. */
export async function apiFetch<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: { Accept: 'application/json', ...(json !== undefined && { 'Content-Type': 'application/json' }), ...rest.headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw new ApiClientError(0, 'network_error', 'The portal could not be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await toClientError(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The SWR fetcher: GET the key as JSON. */
export const fetcher = <T>(url: string) => apiFetch<T>(url);
