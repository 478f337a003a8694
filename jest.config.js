/** @type {import('jest').Config} */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
      module: { type: 'commonjs' },
    },
  ],
};
// ESM-only packages that jest must transpile.
const transformIgnorePatterns = ['/node_modules/(?!(compromise|@atlaskit/adf-utils)/)'];
const common = { testEnvironment: 'node', transform, transformIgnorePatterns, testTimeout: 30000 };

module.exports = {
  // A global option: per-project testTimeout is ignored by jest. e2e files raise it themselves.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/test/integration/', '/test/e2e/'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], testTimeout: 120000 },
  ],
};
