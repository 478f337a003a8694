import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'static/build/**', 'static/build-panel/**', 'coverage/**', '.refinery-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Jira text must render inert: no dangerouslySetInnerHTML.' }],
    },
  },
  {
    files: ['static/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The domain core stays pure (ARCHITECTURE.md): no Forge, no I/O.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@forge/*', 'node:*', 'fs', 'http', 'https', '../jira/*', '../storage/*', '../app/*'] }],
    },
  },
  {
    files: ['dev/harness/bridgeShim.js', 'bin/*.js', '*.js', '*.cjs'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', fetch: 'readonly', require: 'readonly', module: 'writable', process: 'readonly', ResizeObserver: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
);
