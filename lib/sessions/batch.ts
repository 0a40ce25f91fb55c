import 'server-only';
import { errorFields, log } from '@/lib/observability/logger';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { forEachWithConcurrency } from '@/lib/concurrency';
import { resolveOrgs } from './orgs';
import type { BatchEvent, BatchSessionsBody, ErrorSummary } from './schemas';
import { startSessionIn } from './start';

/** Sessions started side by side: enough to finish a few dozen orgs quickly, few enough not to trip Devin's rate limit. */
const BATCH_CONCURRENCY = 3;

/**
 * Starts the same prompt in several orgs. Access to every org is checked
 * first, so a bad org id fails the whole request before anything is written;
 * after that each org succeeds or fails on its own, and `emit` hears each
 * result as it lands. Resolves once every org has an outcome.
 */
export async function prepareBatch(user: PortalUser, body: BatchSessionsBody, requestId: string) {
  const { orgIds, ...input } = body;
  const { access, orgs } = await resolveOrgs(user, orgIds);
  return async function run(emit: (event: BatchEvent) => void): Promise<void> {
    emit({ type: 'start', orgs: orgs.map(({ orgId, name }) => ({ orgId, name })) });
    const tally = { created: 0, duplicates: 0, failed: 0 };
    await forEachWithConcurrency(
      orgs,
      BATCH_CONCURRENCY,
      (org) => startSessionIn({ user, access, org, input, requestId }),
      (org, outcome) => {
        if (outcome.status === 'fulfilled') {
          if (outcome.value.outcome === 'created') tally.created++;
          else tally.duplicates++;
          emit({ type: 'org', orgId: org.orgId, ...outcome.value });
          return;
        }
        tally.failed++;
        emit({ type: 'org', orgId: org.orgId, outcome: 'failed', error: summarize(outcome.reason) });
      },
    );
    emit({ type: 'done', ...tally });
  };
}

/** The batch as an NDJSON stream: one line per event, flushed as it happens. Keeps going if the reader leaves. */
export function toNdjsonStream(run: (emit: (event: BatchEvent) => void) => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = (event: BatchEvent) => {
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      run(emit)
        .catch((err: unknown) => {
          log('sessions').error({ error: errorFields(err) }, 'batch run failed');
          emit({ type: 'error', error: summarize(err) });
        })
        .finally(() => {
          if (open) controller.close();
          open = false;
        });
    },
    cancel() {
      // The writes already under way finish and are recorded; the reader just stops hearing about them.
      open = false;
    },
  });
}

function summarize(err: unknown): ErrorSummary {
  const error = toApiError(err);
  return {
    code: error.code,
    message: error.message,
    ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
    ...(error.missingPermission && { missingPermission: error.missingPermission }),
  };
}
