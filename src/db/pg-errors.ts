import { SlotTaken } from '../domain/domain-error.ts';

/**
 * The one place that reads PostgreSQL's SQLSTATEs. MikroORM surfaces constraint and
 * concurrency failures as driver exceptions carrying the server's `code` and, for
 * constraints, its `constraint` name; everything else in the code base asks here.
 */
const SQLSTATE = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  deadlockDetected: '40P01',
  serializationFailure: '40001',
} as const;

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
}

function fieldsOf(error: unknown): PgErrorFields {
  return typeof error === 'object' && error !== null ? (error as PgErrorFields) : {};
}

/** A unique constraint refused a row (optionally: this named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = fieldsOf(error);
  return e.code === SQLSTATE.uniqueViolation && (constraint === undefined || e.constraint === constraint);
}

/** An exclusion constraint refused a row: on `booking`, two active bookings overlapped. */
export function isExclusionViolation(error: unknown): boolean {
  return fieldsOf(error).code === SQLSTATE.exclusionViolation;
}

/** Two transactions waited on each other (deadlock) or could not be serialised: running again from the start will see the winner's rows. */
export function isConcurrencyConflict(error: unknown): boolean {
  const code = fieldsOf(error).code;
  return code === SQLSTATE.deadlockDetected || code === SQLSTATE.serializationFailure;
}

/**
 * Turns the no-overlap constraints' violation into the domain's `SlotTaken` (which
 * calendar refused it: the staff member's or the resource's); returns any other error
 * unchanged. Map it after the transaction has ended.
 */
export function toSlotTaken(error: unknown): unknown {
  if (!isExclusionViolation(error)) return error;
  const constraint = fieldsOf(error).constraint;
  if (constraint === 'booking_resource_no_overlap') return new SlotTaken('resource');
  if (constraint === 'booking_staff_no_overlap') return new SlotTaken('staff');
  return new SlotTaken('unknown');
}

// The server is shutting down or starting (admin_shutdown, crash_shutdown,
// cannot_connect_now), or the connection failed (class 08): PostgreSQL is away.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
// What the socket says when nothing answers, or the answer stopped mid-way.
const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// `pg` reports a dropped or timed-out connection by message only; a Unix socket that
// is not there (the server stopped) as ENOENT, which alone could be any missing file.
const UNAVAILABLE_MESSAGE = /Connection terminated|connect ENOENT \S*\.s\.PGSQL\.\d+|connection error and is not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly|the database system is (shutting down|starting up|in recovery mode)/i;

/**
 * PostgreSQL cannot be reached right now (stopped, restarting, the network gone): the
 * request may succeed if made again in a moment, unlike every other failure. Looks
 * through wrapped errors (`cause`) and a refused connection's per-address errors.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const code = fieldsOf(error).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NETWORK_CODES.has(code))) return true;
  if (error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message)) return true;
  const nested = error as { cause?: unknown; errors?: unknown };
  if (Array.isArray(nested.errors) && nested.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(nested.cause, depth + 1);
}
