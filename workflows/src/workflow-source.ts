import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failureConverterPath, payloadConverterPath, workflowTracingModules } from '@agencyflow/temporal';
import type { WorkerOptions } from '@temporalio/worker';
import { workflowsPath } from './workflows-path';

/** Where a workflow worker gets its workflow code: a prebuilt bundle, or the sources bundled at start. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle'> | Pick<WorkerOptions, 'workflowsPath'>;

/**
 * The prebuilt bundle at `bundlePath` when one is given (the bundle the test run makes once), else
 * the one a build put beside the worker, else the sources, bundled by the worker as it starts (a
 * few seconds of webpack each time).
 * A path that names no file is an error, not a silent fallback: the deployment meant a bundle.
 */
export function workflowSource(bundlePath: string | undefined): WorkflowSource {
  // A build (npm run build) carries its bundle beside the worker: no webpack, no sources at start.
  const besideBuild = path.join(__dirname, 'workflow-bundle.js');
  if (!bundlePath && existsSync(besideBuild)) return { workflowBundle: { codePath: besideBuild } };
  if (!bundlePath) return { workflowsPath };
  if (!existsSync(bundlePath)) throw new Error(`WORKFLOW_BUNDLE_PATH names no file: ${bundlePath} (build it with npm run build:workflows)`);
  return { workflowBundle: { codePath: path.resolve(bundlePath) } };
}

/**
 * Bundles the workflow code once into `outFile`, with the platform's payload and failure
 * converters (the same ones every worker and client loads) and the tracing interceptors
 * (decision 0034), for workers to start from.
 */
export async function bundleWorkflows(outFile: string): Promise<{ outFile: string; bytes: number }> {
  // Loaded only here: webpack is a build-time tool, not something a running worker needs.
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    payloadConverterPath,
    failureConverterPath,
    workflowInterceptorModules: workflowTracingModules,
    logger: quietLogger,
  });
  await mkdir(path.dirname(outFile), { recursive: true });
  // Written beside it and renamed into place: a worker starting meanwhile reads the old bundle or the
  // new one, never half of one, and a file hard-linked into another checkout is replaced, not rewritten.
  const partial = `${outFile}.${process.pid}.partial`;
  await writeFile(partial, code);
  await rename(partial, outFile);
  return { outFile, bytes: Buffer.byteLength(code) };
}

const ignore = () => undefined;
/** webpack's progress lines are noise in a build's output; its errors still throw. */
const quietLogger = { trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error, log: ignore };
