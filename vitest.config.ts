import { defineConfig } from 'vitest/config';

// Tests that need no database: pure code, lint rules, locales, renderers.
const UNIT = [
  'tests/domain/**',
  'tests/lint/**',
  'tests/i18n/**',
  'tests/bots/engine/free-text.test.ts',
  'tests/bots/engine/chat-formatting.test.ts',
  'tests/db/secret-box.test.ts',
  'tests/db/sql-statement.test.ts',
  'tests/db/database-unavailable.test.ts',
  'tests/bots/telegram/telegram-render.test.ts',
  'tests/config.test.ts',
  'tests/process-role.test.ts',
  'tests/app/notification-topics.test.ts',
  'tests/bots/engine/engine-without-database.test.ts',
  'tests/bots/telegram/chat-command.test.ts',
  'tests/bots/telegram/webhook-flow-control.test.ts',
  'tests/jobs/send-rate-limiter.test.ts',
  'tests/app/shared/uploaded-image.test.ts',
  'tests/app/shared/input-schemas.test.ts',
  'tests/app/catalog/local-date-time.test.ts',
  'tests/app/availability/availability-cache-rules.test.ts',
];

// Two projects: pure unit tests (no database) and integration tests that share one
// PostgreSQL server per run (embedded, or TEST_DATABASE_URL) with a fresh database
// per test file.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: UNIT.map((p) => (p.endsWith('/**') ? `${p}/*.test.ts` : p)),
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          // The fault tests have their own run (vitest.faults.config.ts, `npm run test:faults`).
          exclude: [...UNIT, 'tests/faults/**'],
          globalSetup: ['tests/support/global-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
