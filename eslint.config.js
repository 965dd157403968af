// @ts-check
import tseslint from 'typescript-eslint';

const OTHER_LAYERS = '(^|/)(db|bots|admin|payments|jobs|calendar|app)(/|$)|(^|/)(config|main)\\.ts$';

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
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'src/**/*-cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/db/migrations/Migration*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
