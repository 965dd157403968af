import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, ChannelIdentitySchema, ChatRelaySchema, WaitlistEntrySchema, type Customer } from '../../db/entities/index.ts';
import { runSqlCount } from '../../db/sql-statement.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import { MOVE_QUEUED_NOTIFICATIONS } from './customers-sql.ts';

/** Takes a typed (unproven) number off a card, before its owner proves it. */
export async function releaseNumber(em: EntityManager, holder: Customer): Promise<void> {
  holder.phone = null;
  await em.flush();
}

/**
 * Merges one customer card into another, in the caller's transaction: identities,
 * relays, open chats, bookings, waitlist entries and queued notifications move; block
 * flag, e-mail unsubscribe, no-show count, notes, tags and preferences combine; an address
 * taken from `from` keeps its bounce mark; `from` is removed.
 */
export async function mergeCustomerInto(em: EntityManager, conversations: ConversationStore, businessId: string, from: Customer, into: Customer): Promise<void> {
  await em.nativeUpdate(ChannelIdentitySchema, { customer: from.id }, { customer: into.id });
  await em.nativeUpdate(ChatRelaySchema, { customer: from.id }, { customer: into.id });
  // Open chats of the merged card continue as the surviving one.
  await conversations.moveCustomer(em, businessId, from.id, into.id);
  await em.nativeUpdate(BookingSchema, { customer: from.id }, { customer: into.id });
  await em.nativeUpdate(WaitlistEntrySchema, { customer: from.id }, { customer: into.id });
  await runSqlCount(em, MOVE_QUEUED_NOTIFICATIONS, { businessId, fromCustomerId: from.id, intoCustomerId: into.id });
  into.name ||= from.name;
  if (!into.email && from.email) {
    // The address comes with its bounce mark: a dead address is not mailed again by a merge.
    into.email = from.email;
    into.emailBouncedAt = from.emailBouncedAt ?? null;
  }
  // One person: an unsubscribe on either card holds for the merged one.
  into.emailOptOut = into.emailOptOut || from.emailOptOut;
  into.locale ??= from.locale ?? null;
  into.blocked = into.blocked || from.blocked;
  into.noShowCount += from.noShowCount;
  into.notes = [into.notes, from.notes].filter((n) => n.trim() !== '').join('\n');
  into.tags = [...new Set([...into.tags, ...from.tags])];
  into.preferences = { ...from.preferences, ...into.preferences };
  em.remove(from);
  await em.flush();
}
