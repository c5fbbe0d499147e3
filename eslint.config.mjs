// ESLint (flat config) for the npm package (web/) and its Node tests (tests/js/): ESLint's
// recommended rules plus a few that catch real mistakes in plain ESM (strict equality, const,
// no var, every promise rejection an Error). The package runs in browsers, workers and Node, so
// web/ sees the globals of all three; the tests run in Node.
import js from '@eslint/js';
import globals from 'globals';

const shared = {
  ...js.configs.recommended.rules,
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-var': 'error',
  'prefer-const': 'error',
  'prefer-promise-reject-errors': 'error',
  'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
};

export default [
  // bench/.venv-* are Python venvs (torch ships .mjs files); bench/js holds the bench-only npm install.
  { ignores: ['web/js/dist/**', 'bench/js/**', 'bench/.venv-*/**', 'bench/.transformersjs-models/**'] },
  {
    files: ['web/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    rules: shared,
  },
  {
    // The browser path (the "default" export condition) must stay bundler-proof: no `node:` module and
    // no top-level await. Node code lives in the Node entry points and node_*.mjs only.
    files: ['web/**/*.mjs'],
    ignores: ['web/**/*.node.mjs', 'web/js/node_*.mjs'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^node:', message: 'browser path: Node code goes in node_platform.mjs' }] }],
      'no-restricted-syntax': ['error',
        { selector: 'ImportExpression[source.value=/^node:/]', message: 'browser path: Node code goes in node_platform.mjs' },
        { selector: 'Program > ExpressionStatement > AwaitExpression', message: 'browser path: no top-level await (bundlers, classic workers)' },
        { selector: 'Program > VariableDeclaration > VariableDeclarator > AwaitExpression', message: 'browser path: no top-level await' },
      ],
    },
  },
  {
    files: ['tests/js/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: shared,
  },
  {
    // Benchmark drivers (Node) and the module workers they start in Chromium.
    files: ['bench/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser, ...globals.worker },
    },
    rules: shared,
  },
  {
    // The bundler test: its driver runs in Node, its app in a browser page.
    files: ['tests/bundlers/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: shared,
  },
];
