// ESLint flat config: correctness (typescript-eslint), no import cycles, the layering
// domain <- store <- services <- channels/cli, and functions that fit a screen.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

const layer = (target, from, message) => ({ target, from, message });

// Each floor may import only the floors beneath it (docs/architecture.md).
const layering = [
  layer('./src/domain', ['./src/store', './src/services', './src/channels', './src/cli', './src/demo', './src/config'], 'the domain imports nothing above it'),
  layer('./src/store', ['./src/services', './src/channels', './src/cli', './src/demo'], 'the store imports only the domain'),
  layer('./src/services', ['./src/channels', './src/cli', './src/demo'], 'services import only the domain and the store'),
  layer('./src/messages', ['./src/store', './src/services', './src/channels', './src/cli'], 'the message catalogue is shared by every channel and imports no channel'),
  layer('./src/config', ['./src/store', './src/services', './src/channels', './src/cli'], 'config is read by the command and passed down'),
  layer('./src/channels', ['./src/cli'], 'channels do not import the command'),
];

// Test kits are for tests: production code never imports src/testing.
const noTestKitsInProduction = {
  target: './src',
  from: './src/testing',
  except: [],
  message: 'src/testing is for tests; move what production needs out of it',
};

export default tseslint.config(
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  // test/ (the integration suites) is not linted yet: 29 findings, mostly describe blocks past two screens.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-out/**', 'examples/**', 'scripts/**', 'test/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },

  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'portal/**/*.ts', 'portal/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // Parse imported TypeScript files too, or import-x/no-cycle cannot follow them.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'portal/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: [...layering, noTestKitsInProduction] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // A migration is one schema version's DDL, read top to bottom; split into functions it would scatter.
    files: ['src/store/migrations*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // A test file's describe() callback holds all its cases, so it may span two screens; each case still fits one.
    files: ['**/*.test.ts', '**/*.test.tsx', 'src/testing/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 160, skipBlankLines: true, skipComments: true, IIFEs: true }],
      'import-x/no-restricted-paths': ['error', { zones: layering }],
      // Tests read JSON response bodies loosely; a typed body would restate the API in every test.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['portal/**/*.ts', 'portal/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // A page component's body is mostly its JSX template (markup, not branching), so it gets more room than logic.
      'max-lines-per-function': ['error', { max: 140, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A route module's registration function is its table of routes (one declaration per route, no branching).
    files: ['src/channels/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }] },
  },
);
