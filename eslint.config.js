import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

const FENCED = ['@/lib/upstream', '@/lib/upstream/*', '@/lib/auth/options', '@/lib/env', '@/lib/storage', '@/lib/storage/*'];

export default tseslint.config(
  { ignores: ['**/.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.reports/**'] },
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['warn', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Client code must not reach server-only modules (the token, the store, the config).
    files: ['app/**/_components/**', 'lib/swr/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: FENCED, message: 'Server-only module: fetch through /api/* instead.' }] }] },
  },
  {
    // Validation libraries stay out of the pages' first load: forms load their rules on demand (see lib/forms/load-once.ts).
    files: ['app/**/_components/**', 'lib/swr/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['zod', 'zod/*', '@/lib/sessions/schemas', '@/lib/sessions/inputs', '@/lib/service-users/schemas', '@/lib/policy/org-rules'],
              allowTypeImports: true,
              message: 'Ships zod with the page: import types only, plain data from ./limits or ./choices, and rules through loadSessionRules/loadOrgRules.',
            },
          ],
        },
      ],
    },
  },
);
