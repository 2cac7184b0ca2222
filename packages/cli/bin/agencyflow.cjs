#!/usr/bin/env node
// `npx agencyflow ...` from the repo: the CLI runs from its TypeScript source through tsx (a dev
// dependency of the repo), like the services in development.
require('tsx/cjs/api').register();
const { main } = require('../src/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error('agencyflow failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
