import { businessSql } from '../../db/sql-statement.ts';
import { PROFILE_COLUMNS } from '../../app/catalog/business-profile.ts';

/**
 * The PostgreSQL conversation store's statements (`postgres-conversation-store.ts`).
 * The engine owns the state's shape, so the one statement that reads inside it
 * (`customerId`, for merged customer cards) lives here too.
 */

/** Takes the chat's lease when it is free, read together with the business in one statement. */
export const CLAIM_CONVERSATION = businessSql<{ businessId: string; channel: string; chatId: string; lockedUntil: Date; token: string; now: Date }>(
  'conversations.claim',
  `with claimed as (
     update conversation set locked_until = :lockedUntil, locked_by = :token
      where business_id = :businessId and channel = :channel and chat_id = :chatId and (locked_until is null or locked_until < :now)
      returning state, version, recent_events)
   select ${PROFILE_COLUMNS},
          (select to_jsonb(claimed) from claimed) as claimed,
          exists (select 1 from conversation x where x.business_id = b.id and x.channel = :channel and x.chat_id = :chatId) as known
     from business b where b.id = :businessId`,
);

/**
 * A chat seen for the first time: its row, taken — unless `cap` chats already first
 * wrote to the business in the minute before `now` (a flood of fresh accounts). Says how
 * many did (`recent`) and whether the row was made (`inserted`: 0 when another process
 * made it first, or over the cap).
 */
export const INSERT_CONVERSATION = businessSql<
  { businessId: string; channel: string; chatId: string; lockedUntil: Date; token: string; now: Date; cap: number },
  { recent: number; inserted: number }
>(
  'conversations.insert',
  `with recent as (
     select count(*)::int as n from conversation c where c.business_id = :businessId and c.created_at > :now::timestamptz - interval '1 minute'
   ), inserted as (
     insert into conversation (id, business_id, channel, chat_id, state, version, locked_until, locked_by, recent_events, updated_at, created_at)
     select gen_random_uuid(), :businessId, :channel, :chatId, 'null'::jsonb, 0, :lockedUntil, :token, '{}', :now, :now
      where (select n from recent) < :cap
     on conflict (business_id, channel, chat_id) do nothing returning version
   )
   select (select n from recent) as recent, (select count(*)::int from inserted) as inserted`,
);

// How many handled event keys a chat remembers to recognise redeliveries.
const RECENT_EVENTS = 20;

/** Saves the state under our lease, remembers the event's key (the newest few), and lets the chat go. */
export const SAVE_CONVERSATION = businessSql<
  { businessId: string; channel: string; chatId: string; state: string; now: Date; eventKey: string | null; token: string },
  { version: number }
>(
  'conversations.save',
  `update conversation
      set state = :state::jsonb, version = version + 1, updated_at = :now, locked_until = null, locked_by = null,
          recent_events = case when :eventKey::text is null then recent_events else (array_prepend(:eventKey::text, recent_events))[1:${RECENT_EVENTS}] end
    where business_id = :businessId and channel = :channel and chat_id = :chatId and locked_by = :token returning version`,
);

/** Lets the chat go without saving. */
export const RELEASE_CONVERSATION = businessSql<{ businessId: string; channel: string; chatId: string; token: string }>(
  'conversations.release',
  `update conversation set locked_until = null, locked_by = null where business_id = :businessId and channel = :channel and chat_id = :chatId and locked_by = :token`,
);

/** The business's chats of one customer card continue as another (merged cards). */
export const MOVE_CONVERSATION_CUSTOMER = businessSql<{ businessId: string; fromCustomerId: string; intoCustomerId: string }>(
  'conversations.move-customer',
  `update conversation set state = jsonb_set(state, '{customerId}', to_jsonb(:intoCustomerId::text))
    where business_id = :businessId and state->>'customerId' = :fromCustomerId`,
);
