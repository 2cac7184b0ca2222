/**
 * `npm run build`: every deployable compiled to JavaScript in dist/app, startable with plain `node`
 * and the production dependencies only (`npm ci --omit=dev`), no tsx (decision 0035):
 *
 *   dist/app/<deployable>.js   account, policy, sales, finance (a service each), worker (workflow
 *                              worker + codec server), db-migrate, kafka-topics, temporal-setup
 *   dist/app/workflow-bundle.js the prebuilt workflow code the worker loads (no webpack at start)
 *   dist/app/payload-converter.js, failure-converter.js  loaded BY PATH by the Temporal SDK
 *   dist/app/migrations/<service>/  what db-migrate applies
 *
 * Each deployable is one esbuild bundle (CJS, platform node) with the workspace packages inlined
 * (their `main` is TypeScript) and every npm package left external, so it is read from
 * node_modules at run time. The build fails when a bundle needs a package that is only a
 * development dependency (tsx, drizzle-kit, vitest...): the image would not have it.
 */
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { serviceNames } from '@agencyflow/contracts';
import { bundleWorkflows } from '@agencyflow/workflows';

const root = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'dist/app'));

/** Deployable name -> entry file. */
const entries: Record<string, string> = {
  ...Object.fromEntries(serviceNames.map((service) => [service, `services/${service}/src/main.ts`])),
  worker: 'workflows/src/worker/main.ts',
  'db-migrate': 'scripts/ops/db-migrate.ts',
  'kafka-topics': 'scripts/ops/kafka-topics.ts',
  'temporal-setup': 'scripts/ops/temporal-setup.ts',
};

/** The Temporal SDK requires these by path (packages/temporal/src/data-converter.ts): they must sit beside the bundles. */
const converters: Record<string, string> = {
  'payload-converter': 'packages/temporal/src/payload-converter.js',
  'failure-converter': 'packages/temporal/src/failure-converter.ts',
};

/** Workspace packages are inlined; every other package is external (installed by `npm ci --omit=dev`). */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@agencyflow/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** The package a bare import names: `@scope/name` or `name`, or undefined for a node builtin. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

/**
 * From the lockfile: every package some workspace lists as a (production) dependency, and the
 * packages installed inside a workspace's own node_modules (a version that differs from the root's).
 */
async function lockedPackages(): Promise<{ production: Set<string>; nested: Set<string> }> {
  const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const production = new Set<string>();
  const nested = new Set<string>();
  for (const [location, entry] of Object.entries(lock.packages)) {
    // Workspace folders (not under node_modules) list what they need at run time.
    if (location !== '' && !location.includes('node_modules')) for (const name of Object.keys(entry.dependencies ?? {})) production.add(name);
    const inWorkspace = /^(?!node_modules\/)[^]*?\/node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(location);
    if (inWorkspace) nested.add(inWorkspace[1]!);
  }
  return { production, nested };
}

async function main() {
  const started = performance.now();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning' as const,
    absWorkingDir: root,
    plugins: [externalPackages],
  };
  const result = await build({
    ...common,
    entryPoints: Object.entries(entries).map(([out, input]) => ({ in: input, out })),
    outdir: outDir,
    metafile: true,
  });
  await build({ ...common, entryPoints: Object.entries(converters).map(([out, input]) => ({ in: input, out })), outdir: outDir });

  // A bundle must need nothing but production dependencies: the image installs no others. And it
  // resolves them from the root node_modules only (the workspaces' folders are not in the image).
  const { production, nested } = await lockedPackages();
  const needed = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) needed.add(packageOf(imported.path) ?? '');
  }
  needed.delete('');
  const devOnly = [...needed].filter((name) => !production.has(name)).sort();
  if (devOnly.length > 0) throw new Error(`the build needs packages that are not production dependencies of any workspace: ${devOnly.join(', ')}`);
  const shadowed = [...needed].filter((name) => nested.has(name)).sort();
  if (shadowed.length > 0) throw new Error(`a workspace installs its own version of ${shadowed.join(', ')}: the bundles would load the root's; align the versions`);

  for (const service of serviceNames) {
    await cp(path.join(root, 'services', service, 'migrations'), path.join(outDir, 'migrations', service), { recursive: true });
  }
  await cp(path.join(root, 'infra/temporal-search-attributes.txt'), path.join(outDir, 'temporal-search-attributes.txt'));
  const { bytes } = await bundleWorkflows(path.join(outDir, 'workflow-bundle.js'));

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `build: ${Object.keys(entries).join(', ')} and the workflow bundle (${(bytes / 1024 / 1024).toFixed(2)} MB) in ${path.relative(root, outDir)} in ${seconds} s; ${needed.size} external packages, all production dependencies`,
  );
}

main().catch((error: unknown) => {
  console.error('build failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
