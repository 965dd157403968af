import { z } from 'zod';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { NEW_CHATS_PER_MINUTE, type ChatAddress, type ClaimRequest, type ConversationClaim, type ConversationStore } from '../../app/conversations/conversation-store.ts';
import { profileFromRow } from '../../app/catalog/business-profile.ts';
import { NotFound } from '../../app/shared/app-errors.ts';
import { runPreparedSql, runSql, runSqlCount } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { CLAIM_CONVERSATION, INSERT_CONVERSATION, MOVE_CONVERSATION_CUSTOMER, RELEASE_CONVERSATION, SAVE_CONVERSATION } from './conversation-sql.ts';

// What the claim reads besides the business: our claimed row (null: not ours now), and whether the chat has a row at all.
const ClaimOutcome = z.object({
  claimed: z.object({ state: z.unknown(), version: z.number(), recent_events: z.array(z.string()) }).nullable(),
  known: z.boolean(),
});

/**
 * Conversations in PostgreSQL (`conversation`): a lease per chat (`locked_until`,
 * `locked_by`; no connection held between statements), taken together with the
 * business's profile in one statement; the state as JSON with a version; the keys of
 * the last 20 handled events. A restart or a second instance continues every chat.
 * The claim and the save, sent on every update of every chat, are prepared (parsed
 * and planned once per pooled connection).
 */
export function postgresConversationStore(orm: MikroORM, options: { newChatsPerMinute?: number } = {}): ConversationStore {
  const newChatsPerMinute = options.newChatsPerMinute ?? NEW_CHATS_PER_MINUTE;
  const scoped = (address: ChatAddress) => emForBusiness(orm, address.businessId);
  const store: ConversationStore = {
    async claim(address: ChatAddress, request: ClaimRequest): Promise<ConversationClaim> {
      const em = scoped(address);
      const where = { businessId: address.businessId, channel: address.channel, chatId: address.chatId };
      const lease = { lockedUntil: new Date(request.now + request.leaseMs), token: request.token, now: new Date(request.now) };
      const [row] = await runPreparedSql(em, CLAIM_CONVERSATION, { ...where, ...lease });
      if (!row) throw new NotFound('business');
      const business = profileFromRow(row);
      const { claimed, known } = ClaimOutcome.parse(row);
      if (!claimed) {
        if (known) return { kind: 'busy' };
        // A flood of fresh accounts must not create customers and chats without end.
        const [made] = await runSql(em, INSERT_CONVERSATION, { ...where, ...lease, cap: newChatsPerMinute });
        if ((made?.inserted ?? 0) > 0) return { kind: 'claimed', business, stored: null };
        return (made?.recent ?? 0) >= newChatsPerMinute ? { kind: 'too_many_new' } : { kind: 'busy' };
      }
      if (request.eventKey !== null && claimed.recent_events.includes(request.eventKey)) {
        await store.release(address, request.token);
        return { kind: 'duplicate' };
      }
      if (claimed.version === 0) return { kind: 'claimed', business, stored: null };
      return { kind: 'claimed', business, stored: { state: claimed.state, version: claimed.version } };
    },

    async save(address, state, request) {
      const [row] = await runPreparedSql(scoped(address), SAVE_CONVERSATION, {
        businessId: address.businessId,
        channel: address.channel,
        chatId: address.chatId,
        state: JSON.stringify(state),
        now: new Date(request.now),
        eventKey: request.eventKey,
        token: request.token,
      });
      return row?.version ?? null;
    },

    async release(address, token) {
      await runSqlCount(scoped(address), RELEASE_CONVERSATION, { businessId: address.businessId, channel: address.channel, chatId: address.chatId, token });
    },

    async moveCustomer(em: EntityManager, businessId, fromCustomerId, intoCustomerId) {
      await runSqlCount(em, MOVE_CONVERSATION_CUSTOMER, { businessId, fromCustomerId, intoCustomerId });
    },
  };
  return store;
}
