// Ponte's lint: typescript-eslint's type-aware recommended rules over every TypeScript file, with
// each tsconfig giving its files' types (the root's for Node code, webview-ui's for the browser).
// It lives in tools/lint with its own TypeScript 6, because TypeScript 7 has no JavaScript API.
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', 'out/**', 'test-results/**', '.ponte/**', 'bench-data/**', '.cache/**', 'examples/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // recommendedTypeChecked brings the no-unsafe-* rules (argument, assignment, call,
      // member-access, return) as errors. Promises are the bugs this lint is most here for: a
      // promise is awaited, returned, handled with .catch, or marked `void` with a reason.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises that its runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // Off: an async function that does not await still turns a throw into a rejection, which
      // the callers of a Promise-returning interface (Store.close, DataStorage.save) rely on.
      '@typescript-eslint/require-await': 'off',
      // An underscore names what a signature or a destructuring needs and the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
