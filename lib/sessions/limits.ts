import { loadOnce } from '@/lib/forms/load-once';

/*
 * The sessions forms' limits, as plain data; the rules that enforce them (./inputs, zod/mini) load on demand.
 */

export const MAX_TAGS = 50;
/** Room left for the tags the portal adds itself (team, and who asked when Devin cannot record it). */
export const MAX_USER_TAGS = MAX_TAGS - 2;
export const MAX_BATCH_ORGS = 50;
/** The same person sending the same prompt to the same org within this window gets the first session back. */
export const DUPLICATE_WINDOW_SECONDS = 10 * 60;

/** The forms' validation rules (the routes' own), loaded when a form is first focused or submitted. */
export const loadSessionRules = loadOnce(() => import('./inputs'));

/** Starts loading the rules (focus handler): by the time the form is sent they are there. A failure shows on submit. */
export function preloadSessionRules(): void {
  loadSessionRules().catch(() => undefined);
}
