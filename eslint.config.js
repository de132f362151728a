import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// House rules that drift most easily, kept by the linter (and so by CI):
// - SQL (Kysely builders, sql`…`, transactions) lives only in `*.repository.ts`, migrations and the
//   database layer (src/platform/db); services, routes and views call repository functions.
// - Platform code never imports a module, the seed or the composition root: modules register with
//   the platform (messages, routes, jobs) from the composition root (src/app.ts, src/modules.ts).
const SQL_OUTSIDE_REPOSITORY = 'SQL belongs in a *.repository.ts file of the module that owns the table.';
const sqlSelectors = [
  {
    selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|transaction|connection)$/]',
    message: SQL_OUTSIDE_REPOSITORY,
  },
  { selector: "TaggedTemplateExpression[tag.name='sql']", message: SQL_OUTSIDE_REPOSITORY },
  { selector: "MemberExpression[object.name='sql']", message: SQL_OUTSIDE_REPOSITORY },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'bench/results/', 'bench/scratch/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', crypto: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // Message catalogues add their keys to the platform's `Messages` interface by declaration merging.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.repository.ts', 'src/migrations/**', 'src/platform/db/**', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...sqlSelectors] },
  },
  {
    files: ['src/platform/**/*.ts', 'src/platform/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**', '**/seed/**', '**/modules.ts', '**/app.ts', '**/setup.ts', '**/main.ts'],
              message: 'Platform code never imports a module: modules register with the platform from the composition root.',
            },
          ],
        },
      ],
    },
  },
);
