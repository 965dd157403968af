import type { BusinessProfile } from '../../app/catalog/business-profile.ts';
import { NEW_CHATS_PER_MINUTE, type ChatAddress, type ClaimRequest, type ConversationClaim, type ConversationStore } from '../../app/conversations/conversation-store.ts';
import { NotFound } from '../../app/shared/app-errors.ts';

interface Entry {
  state: unknown;
  version: number;
  lockedBy: string | null;
  lockedUntil: number;
  recentEvents: string[];
  createdAt: number;
}

const RECENT_EVENTS = 20;

/**
 * Conversations in this process's memory, with the same lease, version and
 * redelivery rules as the PostgreSQL store: for engine tests that need no database,
 * and a reference for what a store must do. `profiles` answers the business a chat
 * talks to (the PostgreSQL store reads it with the claim). Nothing survives a restart.
 */
export function memoryConversationStore(
  profiles: (businessId: string) => BusinessProfile | undefined,
  options: { newChatsPerMinute?: number } = {},
): ConversationStore & {
  /** The stored state of a chat, for assertions. */
  peek(address: ChatAddress): { state: unknown; version: number } | undefined;
} {
  const chats = new Map<string, Entry>();
  const keyOf = (a: ChatAddress) => `${a.businessId}|${a.channel}|${a.chatId}`;
  return {
    async claim(address: ChatAddress, request: ClaimRequest): Promise<ConversationClaim> {
      const business = profiles(address.businessId);
      if (!business) throw new NotFound('business');
      const key = keyOf(address);
      const entry = chats.get(key);
      if (!entry) {
        const since = request.now - 60_000;
        const recent = [...chats.entries()].filter(([k, e]) => k.startsWith(`${address.businessId}|`) && e.createdAt > since).length;
        if (recent >= (options.newChatsPerMinute ?? NEW_CHATS_PER_MINUTE)) return { kind: 'too_many_new' };
        chats.set(key, { state: null, version: 0, lockedBy: request.token, lockedUntil: request.now + request.leaseMs, recentEvents: [], createdAt: request.now });
        return { kind: 'claimed', business, stored: null };
      }
      if (entry.lockedBy !== null && entry.lockedUntil >= request.now) return { kind: 'busy' };
      if (request.eventKey !== null && entry.recentEvents.includes(request.eventKey)) return { kind: 'duplicate' };
      entry.lockedBy = request.token;
      entry.lockedUntil = request.now + request.leaseMs;
      return { kind: 'claimed', business, stored: entry.version === 0 ? null : { state: structuredClone(entry.state), version: entry.version } };
    },
    async save(address, state, request) {
      const entry = chats.get(keyOf(address));
      if (!entry || entry.lockedBy !== request.token) return null;
      entry.state = structuredClone(state);
      entry.version += 1;
      entry.lockedBy = null;
      if (request.eventKey !== null) entry.recentEvents = [request.eventKey, ...entry.recentEvents].slice(0, RECENT_EVENTS);
      return entry.version;
    },
    async release(address, token) {
      const entry = chats.get(keyOf(address));
      if (entry?.lockedBy === token) entry.lockedBy = null;
    },
    async moveCustomer(_em, businessId, fromCustomerId, intoCustomerId) {
      for (const [key, entry] of chats) {
        const state = entry.state as { customerId?: unknown } | null;
        if (key.startsWith(`${businessId}|`) && state?.customerId === fromCustomerId) entry.state = { ...state, customerId: intoCustomerId };
      }
    },
    peek(address) {
      const entry = chats.get(keyOf(address));
      return entry ? { state: structuredClone(entry.state), version: entry.version } : undefined;
    },
  };
}
