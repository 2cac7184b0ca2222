import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import { dataConverterWith } from './data-converter';
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

/** A worker that hosts only workflow code (no activities): the `workflows` deployable. */
export function createWorkflowWorker(options: WorkflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: dataConverterWith(options.codec),
    ...options.workflows,
  });
}
