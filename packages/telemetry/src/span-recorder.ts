import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing } from './tracing';

export type { ReadableSpan };

/**
 * For tests: installs this process's tracing with an in-memory exporter and returns it, so a
 * test reads every span the code under test (services, relays, consumers, workers in-process)
 * finished. Call it before building anything that traces. Throws when tracing was installed
 * already without it (the spans would go elsewhere).
 */
let recorder: InMemorySpanExporter | undefined;

export function recordSpans(): InMemorySpanExporter {
  if (recorder) return recorder;
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ serviceName: 'test', spanProcessor: new SimpleSpanProcessor(exporter) });
  if (!(tracing.spanProcessor instanceof SimpleSpanProcessor)) throw new Error('tracing was started before recordSpans()');
  recorder = exporter;
  return exporter;
}
