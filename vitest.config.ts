import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests (no database) and integration tests that share one
// PostgreSQL server per run (embedded, or TEST_DATABASE_URL) with a fresh database
// per test file.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/domain/**/*.test.ts', 'tests/lint/**/*.test.ts', 'tests/i18n/**/*.test.ts', 'tests/bots/engine/free-text.test.ts', 'tests/bots/engine/chat-formatting.test.ts', 'tests/db/secret-box.test.ts', 'tests/bots/telegram/telegram-render.test.ts', 'tests/config.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/domain/**', 'tests/lint/**', 'tests/i18n/**', 'tests/bots/engine/free-text.test.ts', 'tests/bots/engine/chat-formatting.test.ts', 'tests/db/secret-box.test.ts', 'tests/bots/telegram/telegram-render.test.ts', 'tests/config.test.ts'],
          globalSetup: ['tests/support/global-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
