// @ts-check
// Lint: typescript-eslint's recommended rules without type information (a full lint runs in seconds,
// not a second typecheck: `npm run typecheck` already gives the type-aware checks), Prettier owns layout.
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The Node.js globals our CommonJS scripts use; listed here rather than pulled from a package we do not
// depend on directly.
const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  setImmediate: 'readonly',
  URL: 'readonly',
};

// Recorded decisions (events, state folds, SPC statistics, the decider kit) are pure: replaying a
// stream must give the same state on any process, so these files may not reach the framework, the
// database or the broker, not even through a type-only import that could later become a value import.
const domainFiles = ['libs/*/src/**/*.state.ts', 'libs/*/src/**/*.events.ts', 'libs/repeatability/src/spc/**/*.ts', 'libs/domain/**/*.ts'];
const infrastructure = {
  patterns: [
    {
      group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', 'pg', 'pg/*', 'pg-*'],
      message: 'Domain code is pure: no Nest, TypeORM, kafkajs or pg here (not even for types). Move the I/O to the handler or projection.',
    },
  ],
};

export default defineConfig(
  globalIgnores(['node_modules/', 'dist/', 'apps/dashboard/dist/', '.data/', 'coverage/', 'bench/results/', 'scripts/kafka/target/']),
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a parameter, binding or tuple slot that is there for its position
      // (a Nest handler signature, a `[_, value]` destructuring), not for use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Kept visible but not failing: the few `any`s sit where JSON of unknown shape meets a typed
      // API (pg rows, supertest bodies, Nest metadata, third-party callbacks); `unknown` plus a check
      // is preferred in new code.
      '@typescript-eslint/no-explicit-any': 'warn',
      // Identifiers, free text and JSON text are checked for control characters on purpose (a lot
      // number with a NUL or an escape in it is refused at the edge); this rule only reports that.
      'no-control-regex': 'off',
    },
  },
  {
    files: domainFiles,
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', infrastructure] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: {
      // CommonJS scripts and the jest config load their dependencies with require().
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
);
