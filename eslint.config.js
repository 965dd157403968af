// @ts-check
import { posix } from 'node:path';
import tseslint from 'typescript-eslint';

const OTHER_LAYERS = '(^|/)(db|bots|admin|payments|jobs|calendar|app)(/|$)|(^|/)(config|main)\\.ts$';

// Imports point inward: adapters (bots, admin, jobs, payments, calendar) → use cases
// (app) → domain; adapters never import each other; only main.ts wires them together.
// A rule names folders of src/; for each depth a file may sit at, the import that
// reaches such a folder is the relative path from there (so src/app/payments is not
// mistaken for the adapter src/payments).
const ADAPTERS = ['bots', 'admin', 'jobs', 'payments', 'calendar', 'files'];
const DEPTHS = [1, 2, 3, 4];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MESSENGER_SDKS = [
  { regex: '^(grammy|@grammyjs/.*|@whiskeysockets/baileys|baileys|twilio)(/.*)?$', message: 'The conversation engine is channel-neutral: no messenger SDK (grammy, Baileys, Twilio) in src/bots/engine.' },
];

/**
 * One config per depth under `src/<folder>` forbidding imports of the given src paths
 * (`bots`, `bots/telegram`, `config` for config.ts…), plus any extra patterns.
 */
function boundary(folder, forbidden, extra = [], ignores = []) {
  return DEPTHS.map((depth) => {
    const dir = posix.join('src', folder, ...Array(depth - 1).fill('x'));
    return {
      files: [posix.join('src', folder, ...Array(depth - 1).fill('*'), '*.ts')],
      ignores,
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...forbidden.map(({ target, message }) => ({ regex: `^${escape(posix.relative(dir, posix.join('src', target)))}(/|\\.ts$)`, message })),
              ...extra,
            ],
          },
        ],
      },
    };
  });
}
const noConfig = (self) => ['main', 'config'].map((f) => ({ target: f, message: `src/${self} gets its configuration passed in: do not import ${f}.ts.` }));
const adapterRule = (self, extraForbidden = [], extra = []) =>
  boundary(
    self,
    [
      ...ADAPTERS.filter((a) => a !== self && !self.startsWith(`${a}/`)).map((a) => ({
        target: a,
        message: `Adapters do not import each other: src/${self} must not import src/${a} (put the contract in src/app, wire it in main.ts).`,
      })),
      ...noConfig(self),
      ...extraForbidden,
    ],
    extra,
    // Command-line tools are entry points, like main.ts: they read the configuration.
    ['src/**/*-cli.ts'],
  );

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The domain is pure: no framework, ORM, I/O, environment, clock or randomness.
    // Callers pass `now`, time zones and data in. Only luxon (zone maths) and zod.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!luxon$|zod$|\\.{1,2}/)', message: 'src/domain imports only luxon, zod and other domain files.' },
            { regex: OTHER_LAYERS, message: 'src/domain must not import from outer layers.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment in the domain: pass configuration in.' },
        { name: 'fetch', message: 'No I/O in the domain.' },
        { name: 'setTimeout', message: 'No timers in the domain.' },
        { name: 'setInterval', message: 'No timers in the domain.' },
        { name: 'performance', message: 'No clock in the domain.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in the domain: take `now` as a parameter.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in the domain: take `now` as a parameter.' },
        { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local)$/]", message: 'No clock in the domain: take `now` as a parameter.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The domain is deterministic: no Math.random.' },
      ],
    },
  },
  // Use cases import the domain and the database only: never an adapter.
  ...boundary(
    'app',
    [
      ...ADAPTERS.map((a) => ({ target: a, message: `src/app imports no adapter: not src/${a} (define the contract in src/app and let the adapter implement it).` })),
      ...noConfig('app'),
    ],
    MESSENGER_SDKS.map((p) => ({ ...p, message: 'src/app imports no messenger SDK.' })),
  ),
  ...ADAPTERS.flatMap((a) => adapterRule(a)),
  ...adapterRule(
    'bots/engine',
    ['telegram', 'whatsapp', 'twilio', 'team'].map((c) => ({ target: `bots/${c}`, message: `The conversation engine is channel-neutral: it must not import src/bots/${c}.` })),
    MESSENGER_SDKS,
  ),
  {
    // Hand-written SQL lives in a capability's *-sql.ts file as a named statement
    // (src/db/sql-statement.ts), where the tenant-SQL test reads it.
    files: ['src/**/*.ts'],
    ignores: ['src/db/**', 'src/domain/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getConnection']",
          message: 'No raw SQL here: define a statement with businessSql/acrossBusinessesSql in a *-sql.ts file and run it with runSql.',
        },
        {
          selector: "CallExpression[callee.name=/^(businessSql|acrossBusinessesSql)$/]",
          message: 'SQL statements are defined in a *-sql.ts file, where the tenant-SQL test reads them.',
        },
      ],
    },
  },
  {
    files: ['src/**/*-sql.ts'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getConnection']",
          message: 'No raw SQL here: define a statement with businessSql/acrossBusinessesSql and run it with runSql.',
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'src/**/*-cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/db/migrations/Migration*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
