import { z } from 'zod';

/**
 * An instant in epoch ms within the years 2000–2199: anything outside is a client
 * error, and never reaches `Date` (which throws beyond ±8.64e15).
 */
export const Instant = z
  .number()
  .int()
  .min(Date.UTC(2000, 0, 1), 'must be a date after 2000')
  .max(Date.UTC(2200, 0, 1), 'must be a date before 2200');

/** A real calendar date, YYYY-MM-DD (2031-02-31 is refused). */
export const LocalDate = z.iso.date();

/** An entity id. */
export const Id = z.uuid();
