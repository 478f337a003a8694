#!/usr/bin/env node
// The CLI is TypeScript; tsx runs it without a separate build step.
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`refinery: ${e.message}\n`);
    process.exitCode = 1;
  },
);
