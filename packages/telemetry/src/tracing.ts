import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** The deployable: `account-service`, `workflow-worker`, ... (OTEL_SERVICE_NAME overrides it). */
  serviceName: string;
  /** Where finished spans go instead of OTLP (tests: a SimpleSpanProcessor over an in-memory exporter). */
  spanProcessor?: SpanProcessor;
  env?: Record<string, string | undefined>;
}

export interface Tracing {
  /** What this process exports with (a no-op one when nothing is configured); the workflow worker's span sink feeds it too. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Whether spans leave the process (an exporter or a processor was configured). */
  exporting: boolean;
  /** Sends what is buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Tracing for this process (decision 0034), installed once: the first call wins, so a test that
 * installs an in-memory exporter before starting services in-process sees every span they make.
 * Spans are always created (W3C context then flows HTTP -> workflow -> activity -> outbox -> Kafka
 * -> consumer, and log lines and events carry the trace id); they are exported over OTLP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Without an exporter a
 * span costs an object and a few random bytes, and nothing is buffered or sent.
 */
export function startTracing({ serviceName, spanProcessor, env = process.env }: TracingOptions): Tracing {
  if (installed) return installed;
  const url = otlpTracesUrl(env);
  const otlp = url !== undefined;
  // The exporter reads the headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables itself.
  const processor = spanProcessor ?? (url ? new BatchSpanProcessor(new OTLPTraceExporter({ url })) : new NoopSpanProcessor());
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  installed = {
    spanProcessor: processor,
    resource,
    exporting: spanProcessor !== undefined || otlp,
    shutdown: () => provider.shutdown(),
  };
  return installed;
}

/** Where spans go over OTLP/HTTP: the traces endpoint as given, or <base endpoint>/v1/traces; undefined when neither is set. */
export function otlpTracesUrl(env: Record<string, string | undefined>): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

const off = { spanProcessor: new NoopSpanProcessor(), resource: Resource.empty() };

/**
 * Where this process's finished spans go: the workflow worker hands the sandbox's spans to it.
 * A process that never started tracing gets a processor that drops them.
 */
export const spanDestination = (): Pick<Tracing, 'spanProcessor' | 'resource'> => installed ?? off;
