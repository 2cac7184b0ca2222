/** What other workspaces take from this one: where the workflow code is, and how a worker loads it. Not workflow code itself. */
export { workflowsPath } from './workflows-path';
export { bundleWorkflows, workflowSource, type WorkflowSource } from './workflow-source';
