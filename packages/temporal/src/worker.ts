import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import { dataConverterWith } from './data-converter';
import { tracingActivityInterceptors, workflowTracingModules, workflowTracingSinks } from './tracing';
import type { TemporalConnectionOptions } from './connection-options';

export interface ActivityWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  codec: PayloadCodec;
  maxConcurrentActivityTaskExecutions?: number;
}

/** The address alone (the local dev server), or the full connection of a real cluster (temporalConnectionOptions). */
export const connectWorker = (target: string | TemporalConnectionOptions) =>
  NativeConnection.connect(typeof target === 'string' ? { address: target } : target);

/** A worker that hosts only activities: each service runs one on its own task queue. */
export function createActivityWorker(options: ActivityWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: dataConverterWith(options.codec),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    interceptors: { activity: [tracingActivityInterceptors] },
  });
}

export interface WorkflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  codec: PayloadCodec;
  /** Either a prebuilt bundle (production, tests) or the path to bundle at start. */
  workflows: Pick<WorkerOptions, 'workflowBundle'> | Pick<WorkerOptions, 'workflowsPath'>;
}

/**
 * A worker that hosts only workflow code (no activities): the `workflows` deployable. The
 * workflows' spans leave the sandbox through a sink; their interceptors are in a prebuilt bundle
 * already (bundleWorkflows), and added here when the worker bundles the sources itself.
 */
export function createWorkflowWorker(options: WorkflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: dataConverterWith(options.codec),
    sinks: workflowTracingSinks(),
    ...('workflowsPath' in options.workflows ? { interceptors: { workflowModules: workflowTracingModules } } : {}),
    ...options.workflows,
  });
}
