/**
 * Temporal task queues. Each service hosts the activities that touch its own data on its own
 * queue; workflow code runs only on `workflows`. A prefix isolates parallel test runs.
 */
export const taskQueueBases = {
  workflows: 'agencyflow-workflows',
  account: 'account-activities',
  policy: 'policy-activities',
  sales: 'sales-activities',
  finance: 'finance-activities',
} as const;

export type TaskQueueKey = keyof typeof taskQueueBases;
export type TaskQueues = Record<TaskQueueKey, string>;

export function taskQueues(prefix = ''): TaskQueues {
  const entries = Object.entries(taskQueueBases).map(([key, base]) => [key, `${prefix}${base}`]);
  return Object.fromEntries(entries) as TaskQueues;
}

/**
 * The task queues of the deployment a workflow runs in, derived from its own task queue, so
 * workflow code needs no config (and stays deterministic).
 */
export function taskQueuesOfWorkflowQueue(workflowTaskQueue: string): TaskQueues {
  const prefix = workflowTaskQueue.slice(0, workflowTaskQueue.length - taskQueueBases.workflows.length);
  return taskQueues(prefix);
}
