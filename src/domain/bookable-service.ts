import { DomainError } from './domain-error.ts';

/**
 * What the slot engine needs to know about a service. Durations and buffers are whole
 * minutes. A service with `seats` > 1 is a group service: one session takes that many
 * customers.
 */
export interface BookableService {
  readonly id: string;
  readonly durationMin: number;
  readonly bufferBeforeMin: number;
  readonly bufferAfterMin: number;
  /** One free resource of each kind is needed for the whole blocked time. */
  readonly requiredResourceKinds?: readonly string[];
  readonly seats?: number | null;
}

/** A service whose numbers cannot be scheduled (non-positive duration, negative buffer, bad seats). */
export class InvalidService extends DomainError {
  constructor(serviceId: string, detail: string) {
    super('invalid_service', 'errors.invalid_service', `Invalid service ${serviceId}: ${detail}`, {
      serviceId,
      detail,
    });
  }
}

/** True for group services (more than one seat per session). */
export function isGroupService(s: BookableService): boolean {
  return s.seats !== undefined && s.seats !== null && s.seats > 1;
}

/** Throws {@link InvalidService} unless duration > 0, buffers ≥ 0 and seats ≥ 1 (all integers). */
export function assertBookableService(s: BookableService): void {
  if (!Number.isInteger(s.durationMin) || s.durationMin <= 0) throw new InvalidService(s.id, 'duration');
  if (!Number.isInteger(s.bufferBeforeMin) || s.bufferBeforeMin < 0) throw new InvalidService(s.id, 'buffer before');
  if (!Number.isInteger(s.bufferAfterMin) || s.bufferAfterMin < 0) throw new InvalidService(s.id, 'buffer after');
  if (s.seats !== undefined && s.seats !== null && (!Number.isInteger(s.seats) || s.seats < 1)) {
    throw new InvalidService(s.id, 'seats');
  }
}
