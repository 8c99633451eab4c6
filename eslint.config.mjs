import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Module boundaries: the engine, the adapters and crypto stay framework-free so any Node program can embed them.
const frameworkImports = {
  patterns: [
    {
      group: ['@nestjs/*', '@prisma/*', 'next', 'next/*', 'react', 'react-dom'],
      message: 'This library is plain TypeScript: no Nest, Prisma or Next.',
    },
    { group: ['**/apps/**'], message: 'Libraries never import applications.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.nx/**',
      '**/.data/**',
      '**/coverage/**',
      '**/test-artifacts/**',
      'apps/api/src/database/generated/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: [
      'libs/key-pool/**/*.ts',
      'libs/providers/**/*.ts',
      'libs/crypto/**/*.ts',
      'libs/contracts/**/*.ts',
      'libs/cli/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    files: ['apps/dashboard/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@prisma/*', '**/apps/api/**', '@switchyard/key-pool', '@switchyard/crypto'],
              message: 'The dashboard talks to the API only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Nest resolves providers through emitted decorator metadata, so constructor-injected classes must be value imports.
    files: ['apps/api/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
