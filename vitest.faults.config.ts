import { defineConfig } from 'vitest/config';

// Fault tests (`npm run test:faults`, run by .ci/run after `npm test`): the service as
// real child processes (two web, a worker) on one PostgreSQL, killed and cut off from
// their database on purpose. Slow, so `npm test` leaves them out. One file at a time:
// each starts several processes, and two at once would starve each other on a small machine.
export default defineConfig({
  test: {
    name: 'faults',
    include: ['tests/faults/*.test.ts'],
    globalSetup: ['tests/support/global-database.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
