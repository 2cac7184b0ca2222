// ESLint 9 flat config for the whole monorepo. Each workspace runs `eslint src [test]` from its own
// folder (an Nx target); ESLint finds this file by walking up. typescript-eslint's recommended
// rules without type information (fast), plus the architecture's import boundaries:
//   - a service never imports another service;
//   - shared packages never import a service or the workflows;
//   - workflow code (the Temporal sandbox) imports only @temporalio/workflow,
//     @agencyflow/contracts/workflow and local files.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVICES = ['account', 'policy', 'sales', 'finance'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A service's imports: no other service, by package name or by a relative path into its folder. */
function serviceBoundary(self) {
  const others = SERVICES.filter((s) => s !== self);
  const names = others.join('|');
  return [
    {
      regex: `^@agencyflow/(${names})-service(/|$)`,
      message: `A service never imports another service. Share through @agencyflow/contracts (events, activity interfaces) or call it over HTTP / Temporal.`,
    },
    {
      // `../../policy/...` from services/account/src/*: two or more levels up lands in services/.
      regex: `^(\\.\\./){2,}(${names})(/|$)`,
      message: `A service never imports another service's files. Share through @agencyflow/contracts.`,
    },
    {
      regex: `(^|/)services/(${names})(/|$)`,
      message: `A service never imports another service's files. Share through @agencyflow/contracts.`,
    },
  ];
}

/**
 * The rooms of a service (ARCHITECTURE.md, "Inside a service"): capability slices over domain/
 * and db/. Lower rooms never import higher ones.
 */
const domainImportsNothingAbove = [
  { regex: '^\\.\\./(?!domain/)', message: 'domain/ holds pure rules: it imports nothing of the service outside domain/.' },
];
/** From src/db/<file>.ts and src/db/<store>/<file>.ts: only db/ itself and domain/. */
const dbImportsOnlyDomain = (depth) => [
  {
    regex: `^${'\\.\\./'.repeat(depth)}(?!domain/)[a-z]`,
    message: 'db/ (schema and stores) never imports a capability slice: slices call stores, not the reverse.',
  },
];
/** Commands, queries, consumers and activities never import the HTTP side of their slice. */
const belowHttp = [
  {
    regex: '(\\.routes|-schemas|-view|\\.http)$',
    message: 'Only routes import routes, HTTP schemas and views: commands, consumers and activities are called by routes, not the reverse.',
  },
];

const packageBoundary = [
  {
    regex: '^@agencyflow/[a-z0-9-]+-service(/|$)',
    message: 'Shared packages never import a service (packages hold no business rules; services depend on packages, not the reverse).',
  },
  {
    regex: '^@agencyflow/workflows(/|$)',
    message: 'Shared packages never import the workflows.',
  },
  {
    // From packages/<p>/src/* the repository root is three levels up.
    regex: '^(\\.\\./){3,}(services|workflows)(/|$)',
    message: 'Shared packages never import service or workflow files.',
  },
];

const builtins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]))];

const workflowSandbox = [
  {
    regex: '^@agencyflow/contracts$',
    message: "Workflow code imports '@agencyflow/contracts/workflow', not the root entry (it pulls zod and other non-deterministic code into the sandbox).",
  },
  {
    regex: '^@agencyflow/(?!contracts(/workflow)?$)',
    message: "Workflow code may import only '@agencyflow/contracts/workflow' from this repo; reach services through activities.",
  },
  {
    regex: '^@temporalio/(?!workflow$)',
    message: "Workflow code may import only '@temporalio/workflow' from the Temporal SDK.",
  },
  {
    regex: `^(node:.*|(${builtins.map(escape).join('|')})(/.*)?)$`,
    message: 'Workflow code runs in the deterministic Temporal sandbox: no Node.js built-ins (do I/O in an activity).',
  },
  {
    regex: '^\\.{1,2}/(.*/)?(worker|node_modules|packages|services)(/|$)',
    message: 'Workflow code may import only local pure helpers, not the worker or other deployables.',
  },
  {
    // Anything else that is not a relative path: third-party libraries are not deterministic by contract.
    regex: '^(?!\\.{1,2}(/|$)|@temporalio/workflow$|@agencyflow/contracts/workflow$|@agencyflow/|@temporalio/|node:)(?!(' +
      builtins.map(escape).join('|') +
      ')(/|$))',
    message: "Workflow code may import only '@temporalio/workflow', '@agencyflow/contracts/workflow' and local files.",
  },
];

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.infra/**', '**/dist/**', '**/.nx/**', '**/migrations/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Boundaries. One config object per file set: a later object's options for the same rule
  // replace an earlier one's, so every set lists all of its patterns here.
  ...SERVICES.map((self) => ({
    files: [`services/${self}/**/*.{ts,tsx,js,mjs,cjs,mts,cts}`],
    rules: restrict(serviceBoundary(self)),
  })),
  ...SERVICES.map((self) => ({
    files: [`services/${self}/src/*/**/*.ts`],
    ignores: ['**/*.routes.ts', '**/*-schemas.ts', '**/*-view.ts', '**/*.http.ts', '**/routes.ts'],
    rules: restrict([...serviceBoundary(self), ...belowHttp]),
  })),
  ...SERVICES.map((self) => ({
    files: [`services/${self}/src/domain/**/*.ts`],
    rules: restrict([...serviceBoundary(self), ...belowHttp, ...domainImportsNothingAbove]),
  })),
  ...SERVICES.map((self) => ({
    files: [`services/${self}/src/db/*.ts`],
    rules: restrict([...serviceBoundary(self), ...belowHttp, ...dbImportsOnlyDomain(1)]),
  })),
  ...SERVICES.map((self) => ({
    files: [`services/${self}/src/db/*/*.ts`],
    rules: restrict([...serviceBoundary(self), ...belowHttp, ...dbImportsOnlyDomain(2)]),
  })),
  {
    files: ['packages/**/*.{ts,tsx,js,mjs,cjs,mts,cts}'],
    rules: restrict(packageBoundary),
  },
  {
    files: ['workflows/src/**/*.workflow.ts', 'workflows/src/index.ts'],
    rules: restrict(workflowSandbox),
  },
);
