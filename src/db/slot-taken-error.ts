import { SlotTaken } from '../domain/domain-error.ts';

const EXCLUSION_VIOLATION = '23P01';

/**
 * Turns PostgreSQL's exclusion-constraint violation (23P01, raised by the
 * no-overlap constraints on `booking`) into the domain's `SlotTaken`; returns any
 * other error unchanged. MikroORM surfaces 23P01 as a plain driver exception that
 * carries the server's `code` and `constraint`.
 */
export function toSlotTaken(error: unknown): unknown {
  if (!isExclusionViolation(error)) return error;
  const constraint = (error as { constraint?: unknown }).constraint;
  if (constraint === 'booking_resource_no_overlap') return new SlotTaken('resource');
  if (constraint === 'booking_staff_no_overlap') return new SlotTaken('staff');
  return new SlotTaken('unknown');
}

/** True for PostgreSQL's exclusion-constraint violation. */
export function isExclusionViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === EXCLUSION_VIOLATION;
}

