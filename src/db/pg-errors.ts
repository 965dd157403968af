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
