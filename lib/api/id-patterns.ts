/*
 * The shapes of upstream ids in paths, as plain data: ./params builds the routes' schemas from them, and client-side
 * validation (zod/mini) reuses them without pulling the full zod build into the browser.
 */
export const ORG_ID = { pattern: /^org-[A-Za-z0-9_-]{1,64}$/, error: 'must be an organization id (org-…)' };
export const SESSION_ID = { pattern: /^devin-[A-Za-z0-9_-]{1,64}$/, error: 'must be a session id (devin-…)' };
export const SERVICE_USER_ID = { pattern: /^service-user-[A-Za-z0-9_-]{1,64}$/, error: 'must be a service user id (service-user-…)' };
