import type { EntityManager } from '@mikro-orm/postgresql';
import type { Channel } from '../../db/entities/index.ts';
import type { BusinessProfile } from '../catalog/business-profile.ts';

/** The chat an event came from: one conversation per (business, channel, chat). */
export interface ChatAddress {
  businessId: string;
  channel: Channel;
  /** The channel's id of the customer's chat (Telegram chat id, WhatsApp JID, phone number). */
  chatId: string;
}

/**
 * A conversation as stored: the engine's state as plain JSON (the store neither reads
 * nor checks it; the engine parses it) and its version, which numbers saves so a
 * menu drawn for an older version is recognised.
 */
export interface StoredConversation {
  state: unknown;
  version: number;
}

/** The outcome of trying to take a chat for one event. */
export type ConversationClaim =
  /** Ours until saved or released: the business it talks to and the stored conversation (null: a new chat). */
  | { kind: 'claimed'; business: BusinessProfile; stored: StoredConversation | null }
  /** Another process is handling an event of this chat right now. */
  | { kind: 'busy' }
  /** This event was handled already (a redelivered webhook). */
  | { kind: 'duplicate' }
  /** A chat seen for the first time while more new chats than the business takes a minute arrived: nothing is stored. */
  | { kind: 'too_many_new' };

/** New chats a business takes per minute by default: far above any real shop's, far below a flood of fresh accounts. */
export const NEW_CHATS_PER_MINUTE = 120;

/** Taking a chat for one event: who takes it (`token`), when, for how long, and the channel's id of the event. */
export interface ClaimRequest {
  token: string;
  now: number;
  leaseMs: number;
  /** Makes a redelivered event a no-op; null when the channel gives no id. */
  eventKey: string | null;
}

/**
 * Where conversations live: a lease per chat so one chat's events never interleave
 * (across processes too), the state with its version, and the keys of recently
 * handled events. The PostgreSQL store is the default (a restart or a second
 * instance continues the chat); an in-memory one serves fast engine tests.
 * Implemented by the conversation engine, which owns the state's shape.
 */
export interface ConversationStore {
  /** Takes a chat for one event (a chat seen for the first time gets its row); `NotFound` for an unknown business. */
  claim(address: ChatAddress, request: ClaimRequest): Promise<ConversationClaim>;
  /** Saves the new state and lets the chat go: the new version, or null when the lease ran out and another took the chat. */
  save(address: ChatAddress, state: unknown, request: Omit<ClaimRequest, 'leaseMs'>): Promise<number | null>;
  /** Lets the chat go without saving (the event failed). */
  release(address: ChatAddress, token: string): Promise<void>;
  /**
   * In the caller's transaction: the business's open chats of one customer card
   * continue as another (the cards were merged).
   */
  moveCustomer(em: EntityManager, businessId: string, fromCustomerId: string, intoCustomerId: string): Promise<void>;
}
