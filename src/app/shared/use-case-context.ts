import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { PublicLinks } from '../calendars/booking-calendar-link.ts';
import type { PaymentSettings } from '../payments/payment-settings.ts';
import type { ServiceMetrics } from './service-metrics.ts';
import type { FileStore } from './file-store.ts';
import type { AvailabilityCache } from '../availability/availability-cache.ts';
import type { AvailabilityResult } from '../availability/list-availability.ts';
import type { LoadedAvailability } from '../availability/load-availability.ts';

/**
 * What every use case needs from the outside world, passed in by the composition root
 * (or a test): the ORM to open a business-scoped unit of work, the clock, and the
 * store of chat conversations (merging customers moves their open chats), and how money
 * is taken (absent: deposits wait for the team to mark them paid), and where links
 * customers open live (absent: messages carry no add-to-calendar link).
 */
export interface UseCaseContext {
  orm: MikroORM;
  /** The current instant in epoch ms. Tests pass a fixed or stepping clock. */
  now: () => number;
  conversations: ConversationStore;
  payments?: PaymentSettings;
  links?: PublicLinks;
  /** Where outcomes are counted for `/metrics` (absent: nothing is counted). */
  metrics?: ServiceMetrics;
  /**
   * Object storage for uploads (logos, staff photos) when `S3_URL` is set; absent, they
   * stay in PostgreSQL beside their row (see uploaded-file-keys.ts).
   */
  uploads?: FileStore;
  /**
   * Free slots answered again while nothing they depend on changed (one per process;
   * absent: every ask computes them afresh).
   */
  availabilityCache?: AvailabilityCache<AvailabilityResult>;
  /**
   * The schedule facts a direct booking is checked against (one specialist's service
   * around a day), kept with the snapshot they were read in: a booking on them is
   * written by one guarded statement (`book-on-known-schedule.ts`). One per process;
   * absent: every booking reads them.
   */
  scheduleFacts?: AvailabilityCache<LoadedAvailability>;
}

/**
 * Who asks for a change. A customer may act only on their own bookings and within the
 * policy cutoffs; the business (a panel user or a linked staff member in the group
 * chat) may always act; the system is the job runner.
 */
export type Actor =
  | { kind: 'customer'; customerId: string }
  /** `staffId`: the specialist who acted in the team chat (they may have no panel account). */
  | { kind: 'business'; userId: string | null; staffId?: string }
  | { kind: 'system' };

/** The domain's coarser actor for lifecycle rules. */
export function lifecycleActor(actor: Actor): 'customer' | 'business' | 'system' {
  return actor.kind;
}

/** The id recorded in the audit log for an actor. */
export function actorId(actor: Actor): string | null {
  if (actor.kind === 'customer') return actor.customerId;
  if (actor.kind === 'business') return actor.userId;
  return null;
}
