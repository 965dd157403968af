import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Ids a log line is about: the HTTP request (`reqId`, the same key Fastify's request
 * logger uses), the chat update (`updateId` and its `channel`), the job run (`jobId`).
 */
export type LogContext = Readonly<Record<string, string | number>>;

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `work` with `fields` added to every log line written while it runs, by any
 * logger made by `createRedactingLogger` — through every `await` of the use cases it
 * calls, without passing a logger down. Nested calls add to the outer fields.
 */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** The fields of the innermost {@link withLogContext} around the caller (none outside one). */
export function logContext(): LogContext {
  return storage.getStore() ?? {};
}
