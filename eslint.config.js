// ESLint over the whole tree (`npm run lint`, also run by `npm test`): typescript-eslint with the
// type-aware rules that catch real bugs (promises not awaited or misused), a size limit per file,
// and the import boundaries of eslint/boundaries.js. Formatting is Prettier's (.prettierrc.json).
'use strict';
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const reactHooks = require('eslint-plugin-react-hooks');
const { boundaries } = require('./eslint/boundaries');

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'packages/contracts/src/gen/',
      'packages/contracts/descriptor/',
      'coverage/',
      '.chrono/',
      'third_party/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'console/**/*.tsx'],
    languageOptions: {
      parserOptions: {
        project: [
          './console/tsconfig.json',
          './packages/*/tsconfig.json',
          './services/*/tsconfig.json',
          './gateway/tsconfig.json',
          './gateway/tools/envoy-check/tsconfig.json',
          './bench/tsconfig.json',
          './tsconfig.tests.json',
        ],
        tsconfigRootDir: __dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The web console runs in the browser: its globals, and React's rules of hooks.
    files: ['console/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read JSON bodies of any shape and load schema models by path.
    files: ['**/test/**', '**/*.test.ts', 'e2e/**', 'packages/testkit/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  // A server's handler refers to the object made just after it (`let target; ...; target = new ...`).
  { rules: { 'prefer-const': ['error', { ignoreReadBeforeAssign: true }] } },
  // Small modules with one job each: past 200 lines of code (comments and blank lines aside), split it.
  { rules: { 'max-lines': ['error', { max: 200, skipBlankLines: true, skipComments: true }] } },
  ...boundaries,
);
