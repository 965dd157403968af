import type { ReadinessCheck } from './ready-route.ts';

/** The schema against this build's migrations (`src/db/migration-status.ts` gives it). */
export interface SchemaStatus {
  pending: readonly string[];
  unknown: readonly string[];
  head: string | null;
}

/** How a job runner stands (`JobRunner.health()` in src/jobs gives it). */
export interface JobRunnerState {
  running: boolean;
  lastPollAt: number | null;
  pollEveryMs: number;
}

// Polls missed before the runner counts as stuck: one slow poll (a busy database) is not.
const MISSED_POLLS = 3;

/**
 * `migrations`: ready when every migration this build registers is applied. A database
 * ahead of the build (a newer process migrated during a rolling deploy) stays ready and
 * says so: the older processes serve until they are replaced.
 */
export function migrationsCheck(status: () => Promise<SchemaStatus>): ReadinessCheck {
  return {
    name: 'migrations',
    required: true,
    async run() {
      const { pending, unknown, head } = await status();
      return { ok: pending.length === 0, detail: { head, pending, ...(unknown.length > 0 ? { newerThanThisBuild: unknown } : {}) } };
    },
  };
}

/**
 * `jobs`, for a process that runs jobs: ready while Agenda is started and has read its
 * table within the last {@link MISSED_POLLS} poll intervals (from its start, before the
 * first read).
 */
export function jobRunnerCheck(state: () => JobRunnerState, now: () => number, startedAt = now()): ReadinessCheck {
  return {
    name: 'jobs',
    required: true,
    async run() {
      const { running, lastPollAt, pollEveryMs } = state();
      const sincePollMs = now() - (lastPollAt ?? startedAt);
      const ok = running && sincePollMs <= MISSED_POLLS * pollEveryMs;
      return { ok, detail: { running, lastPollSecondsAgo: lastPollAt === null ? null : Math.round(sincePollMs / 1000) } };
    },
  };
}
