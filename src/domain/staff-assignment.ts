/** A staff member able to take a slot, with their active bookings on the slot's local day. */
export interface AssignmentCandidate {
  readonly staffId: string;
  readonly bookingsThatDay: number;
}

/**
 * The fair "any specialist" rule: the candidate with the fewest active bookings on the
 * slot's local day (each in their own zone) gets it; ties go to the smallest staff id
 * (plain string order), so the same data always gives the same answer. Returns `null`
 * for no candidates.
 */
export function pickStaff(candidates: readonly AssignmentCandidate[]): string | null {
  let best: AssignmentCandidate | null = null;
  for (const c of candidates) {
    if (
      best === null ||
      c.bookingsThatDay < best.bookingsThatDay ||
      (c.bookingsThatDay === best.bookingsThatDay && c.staffId < best.staffId)
    ) {
      best = c;
    }
  }
  return best === null ? null : best.staffId;
}
