import path from 'node:path';
import { bundleWorkflows } from '@agencyflow/workflows';

/**
 * `npm run build:workflows [-- <out file>]`: the workflow code bundled once (default
 * dist/workflows/workflow-bundle.js), for workers started with WORKFLOW_BUNDLE_PATH pointing at it
 * instead of running webpack as they start.
 */
async function main() {
  const outFile = path.resolve(process.argv[2] ?? 'dist/workflows/workflow-bundle.js');
  const started = performance.now();
  const { bytes } = await bundleWorkflows(outFile);
  console.log(`workflow bundle: ${path.relative(process.cwd(), outFile)} (${(bytes / 1024 / 1024).toFixed(2)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
