/**
 * ESLint (flat config): the import boundaries of the layering (lint/layers.mjs), the hooks rules
 * the code's `eslint-disable` comments refer to, and no eval. Syntax only, no type-aware rules,
 * so `npm run lint` takes seconds. Every disable comment must still be needed.
 */
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import layers from './lint/layers.mjs';

export default [
  { ignores: ['dist/', 'node_modules/', '.home/', 'tests/artifacts/', 'scratch/', 'sample-data/large/'] },
  {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { pbs: layers },
    rules: {
      'pbs/layers': 'error',
      'no-eval': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
];
