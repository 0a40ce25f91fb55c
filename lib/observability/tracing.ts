import 'server-only';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { log } from './logger';
import { opsSettings } from './settings';

export { SpanKind, SpanStatusCode, type Span };

const TRACER = 'devin-portal';

export interface Tracing {
  provider: NodeTracerProvider;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const holder = globalThis as typeof globalThis & { __portalTracing?: Tracing };

/**
 * Turns tracing on for this process: spans go to `exporter` (tests), or over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). Off (null) when neither is given:
 * the API then hands out no-op spans that cost next to nothing.
 */
export function startTracing(options: { exporter?: SpanExporter; serviceName?: string } = {}): Tracing | null {
  if (holder.__portalTracing) return holder.__portalTracing;
  const s = opsSettings();
  let exporter = options.exporter;
  let processor;
  if (exporter) {
    processor = new SimpleSpanProcessor(exporter);
  } else {
    const url = s.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (s.OTEL_EXPORTER_OTLP_ENDPOINT && `${s.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
    if (!url) return null;
    exporter = new OTLPTraceExporter({ url });
    processor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 });
    log('tracing').info({ url: new URL(url).origin }, 'exporting traces over OTLP/HTTP');
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? s.OTEL_SERVICE_NAME }),
    spanProcessors: [processor],
  });
  provider.register();
  const tracing: Tracing = {
    provider,
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      holder.__portalTracing = undefined;
    },
  };
  holder.__portalTracing = tracing;
  return tracing;
}

export function tracer() {
  return trace.getTracer(TRACER);
}
