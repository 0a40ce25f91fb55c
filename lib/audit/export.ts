import 'server-only';
import { errorFields, log } from '@/lib/observability/logger';
import { toApiError } from '@/lib/api/errors';
import type { PortalUser } from '@/lib/auth/types';
import { CSV_BOM, csvRow, csvTime } from '@/lib/csv';
import { recordEvent } from '@/lib/trail';
import { UpstreamError } from '@/lib/upstream/errors';
import { iterateDevinAudit, iterateTrail, type AuditFilters } from './audit-log';
import type { AuditEntryDto, AuditSource, TrailEntryDto } from './schemas';

export interface AuditExportRequest {
  source: AuditSource;
  filters: AuditFilters;
  /** Only this person's trail (members); unset = everyone's (admins). */
  actorSub?: string;
}

const DEVIN_HEADER = [
  'created_at_utc',
  'action',
  'org_id',
  'user_email',
  'user_id',
  'service_user_name',
  'service_user_id',
  'portal_person_name',
  'portal_person_email',
  'portal_action',
  'audit_log_id',
  'data_json',
];
const TRAIL_HEADER = ['at_utc', 'person_name', 'person_email', 'action', 'org_id', 'outcome', 'error_code', 'target_ids_json', 'input_json', 'event_id'];

const devinRow = (e: AuditEntryDto) =>
  csvRow([
    csvTime(e.at),
    e.action,
    e.orgId,
    e.userEmail,
    e.userId,
    e.serviceUserName,
    e.serviceUserId,
    e.portalPerson?.name,
    e.portalPerson?.email,
    e.portalPerson?.action,
    e.id,
    JSON.stringify(e.data),
  ]);

const trailRow = (e: TrailEntryDto) =>
  csvRow([csvTime(e.at), e.actorName, e.actorEmail, e.action, e.orgId, e.outcome, e.errorCode, JSON.stringify(e.targetIds), JSON.stringify(e.input), e.id]);

/**
 * A CSV of the whole range as a stream that reads one upstream page (200 entries) each time the client is ready
 * for more, so memory stays flat whatever the size. The first page is read before this returns, so a refusal
 * still becomes an ordinary error answer. The export is recorded in the trail, and so is a failure part-way.
 */
export async function startAuditExport(req: AuditExportRequest, ctx: { user: PortalUser; requestId: string; signal?: AbortSignal }) {
  const { source, filters } = req;
  const record = (outcome: 'ok' | 'error', err?: unknown, rows?: number) =>
    recordEvent({
      actorSub: ctx.user.id,
      actorEmail: ctx.user.email,
      actorName: ctx.user.name,
      action: 'audit.export',
      orgId: filters.orgId ?? null,
      targetIds: filters.orgId ? { orgId: filters.orgId } : {},
      input: {
        source,
        scope: req.actorSub ? 'own' : 'all',
        timeAfter: filters.range.timeAfter,
        timeBefore: filters.range.timeBefore,
        action: filters.action ?? null,
        order: filters.order,
        ...(rows !== undefined && { stoppedAfterRows: rows }),
      },
      outcome,
      errorCode: err === undefined ? null : toApiError(err).code,
      requestId: ctx.requestId,
      upstreamRequestId: err instanceof UpstreamError ? err.requestId : null,
    });

  let rows = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield CSV_BOM + csvRow(source === 'devin' ? DEVIN_HEADER : TRAIL_HEADER);
    if (source === 'devin') {
      for await (const page of iterateDevinAudit(filters, 200, ctx.signal)) {
        rows += page.length;
        yield page.map(devinRow).join('');
      }
    } else {
      for await (const page of iterateTrail({ ...filters, actorSub: req.actorSub }, 200, ctx.signal)) {
        rows += page.length;
        yield page.map(trailRow).join('');
      }
    }
  }

  const iterator = chunks();
  const ready: string[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const next = await iterator.next();
      if (!next.done) ready.push(next.value);
    }
  } catch (err) {
    await record('error', err);
    throw err;
  }
  await record('ok');

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const buffered = ready.shift();
        if (buffered !== undefined) return controller.enqueue(encoder.encode(buffered));
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          if (ctx.signal?.aborted) return controller.error(err);
          log('audit').error({ requestId: ctx.requestId, rows, error: errorFields(err) }, 'export stopped');
          await record('error', err, rows).catch(() => undefined);
          // Erroring the stream makes the download fail visibly instead of ending as a silently short file.
          controller.error(err);
        }
      },
      async cancel() {
        await iterator.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  return { body, filename: exportFilename(req) };
}

function exportFilename({ source, filters }: AuditExportRequest): string {
  const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
  const what = source === 'devin' ? `devin-audit-log${filters.orgId ? `-${filters.orgId}` : ''}` : 'portal-trail';
  return `${what}-${day(filters.range.timeAfter)}_${day(filters.range.timeBefore - 1)}.csv`;
}
