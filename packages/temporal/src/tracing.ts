import { createRequire } from 'node:module';
import {
  makeWorkflowExporter,
  type OpenTelemetryWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import { spanDestination } from '@agencyflow/telemetry';

/**
 * Temporal's OpenTelemetry interceptors (decision 0034): a workflow start carries the caller's
 * span in its headers, the workflow's spans continue it, and each activity's span continues the
 * workflow's, so the trace of a request runs on into the activities it caused.
 */

/** For every client: a workflow start (or signal) is a span, passed to the workflow in its headers. */
export const tracingClientInterceptors = (): ClientInterceptors => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] });

/** For every activity worker: each activity runs in a span, the child of the workflow's. */
export const tracingActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/**
 * The workflow-side interceptors, by path: workflow code runs in a sandbox, so they must be in
 * its bundle (bundleWorkflowCode's workflowInterceptorModules, or the worker's workflowModules
 * when it bundles the sources itself).
 */
export const workflowTracingModules = [createRequire(__filename).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

/**
 * The sink through which the sandbox hands its finished spans to this process's span processor.
 * Of the workflow's info only its ids, type and task queue become span attributes (the SDK would
 * copy all of it: memo, search attributes, a cron's last result).
 */
export function workflowTracingSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  const { spanProcessor, resource } = spanDestination();
  const sink = makeWorkflowExporter(spanProcessor, resource);
  return {
    exporter: {
      export: {
        ...sink.export,
        fn: (info: WorkflowInfo, spans) =>
          sink.export.fn({ workflowId: info.workflowId, runId: info.runId, workflowType: info.workflowType, taskQueue: info.taskQueue } as WorkflowInfo, spans),
      },
    },
  };
}
