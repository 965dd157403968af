import type { z } from 'zod';
import type { Logger } from 'pino';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';

/** What every job handler gets: the use-case context and a logger. */
export interface JobDeps {
  ctx: UseCaseContext;
  logger: Logger;
}

/**
 * A background job: a stable name, the schema of its payload (validated before the
 * handler runs — a job row is input like any other), and a handler that calls use
 * cases. Recurring jobs also say how often they run.
 */
export interface JobDefinition<Payload> {
  name: string;
  payload: z.ZodType<Payload>;
  handle(payload: Payload, deps: JobDeps): Promise<void>;
  /** For recurring jobs: an Agenda interval ("1 minute") or milliseconds. */
  every?: string | number;
  /** How long a run may hold its lock before another worker may take the job over. */
  lockLifetimeMs?: number;
}
