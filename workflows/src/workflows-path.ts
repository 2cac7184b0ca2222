import path from 'node:path';

/** Where the worker (and tests) find the workflow code to bundle. Not workflow code itself. */
export const workflowsPath = path.join(__dirname, 'index.ts');
