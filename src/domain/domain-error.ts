import type { FreeSlot } from './free-slots.ts';

/**
 * An expected business outcome that stops a use case (slot taken, outside hours,
 * promo expired...). Carries a stable machine `code` for adapters (HTTP status
 * mapping, logs) and an `i18nKey` for the message a person sees. Domain errors never
 * know about HTTP or any channel.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly i18nKey: string;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(code: string, i18nKey: string, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.i18nKey = i18nKey;
    this.params = params;
  }
}

/** What a taken slot blocked: a staff member's calendar or a resource's. */
export type SlotTakenBy = 'staff' | 'resource' | 'unknown';

/**
 * The requested time is no longer free: another active booking of the same staff
 * member or resource overlaps it (buffers included). The database's exclusion
 * constraint is the guarantee; this is how its violation reaches the domain.
 */
export class SlotTaken extends DomainError {
  readonly takenBy: SlotTakenBy;
  /** The next free slots to offer instead (filled in by the use case; may be empty). */
  readonly alternatives: readonly FreeSlot[];

  constructor(takenBy: SlotTakenBy = 'unknown', alternatives: readonly FreeSlot[] = []) {
    super('slot_taken', 'errors.slot_taken', 'The requested time slot is already taken');
    this.takenBy = takenBy;
    this.alternatives = alternatives;
  }
}
