import type { MikroORM } from '@mikro-orm/postgresql';
import { NotFound } from '../../app/shared/app-errors.ts';
import { PROFILE_COLUMNS, profileFromRow, type BusinessProfile } from '../../app/catalog/business-profile.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { ConversationState, freshState } from './conversation-state.ts';
import type { ChatAddress } from './step-kit.ts';

/** A conversation as stored: its state and version. */
export interface StoredConversation {
  state: ConversationState;
  version: number;
}

/** The outcome of trying to take a chat for one event. */
export type ConversationClaim =
  /** Ours until saved or released: the business it talks to and the stored conversation (null: a new chat). */
  | { kind: 'claimed'; business: BusinessProfile; stored: StoredConversation | null }
  /** Another process is handling an event of this chat right now. */
  | { kind: 'busy' }
  /** This event was handled already (a redelivered webhook). */
  | { kind: 'duplicate' };

// How many handled event keys a chat remembers to recognise redeliveries.
const RECENT_EVENTS = 20;

/**
 * Takes a chat for one event: a lease on its conversation row (`locked_until`, no
 * connection held), read together with the business in one statement. A chat seen for
 * the first time gets its row here. Throws `NotFound` for an unknown business.
 */
export async function claimConversation(
  orm: MikroORM,
  address: ChatAddress,
  claim: { token: string; now: number; leaseMs: number; eventKey: string | null },
): Promise<ConversationClaim> {
  const connection = emForBusiness(orm, address.businessId).getConnection();
  const now = new Date(claim.now);
  const rows = await connection.execute<Record<string, unknown>[]>(
    `with claimed as (
       update conversation set locked_until = ?, locked_by = ?
        where business_id = ? and channel = ? and chat_id = ? and (locked_until is null or locked_until < ?)
        returning state, version, recent_events)
     select ${PROFILE_COLUMNS},
            (select to_jsonb(claimed) from claimed) as claimed,
            exists (select 1 from conversation x where x.business_id = b.id and x.channel = ? and x.chat_id = ?) as known
       from business b where b.id = ?`,
    [new Date(claim.now + claim.leaseMs), claim.token, address.businessId, address.channel, address.chatId, now, address.channel, address.chatId, address.businessId],
  );
  const row = rows[0];
  if (!row) throw new NotFound('business');
  const business = profileFromRow(row);
  const claimed = row['claimed'] as { state: unknown; version: number; recent_events: string[] } | null;
  if (!claimed) {
    if (row['known']) return { kind: 'busy' };
    const inserted = await connection.execute<unknown[]>(
      `insert into conversation (id, business_id, channel, chat_id, state, version, locked_until, locked_by, recent_events, updated_at)
       values (gen_random_uuid(), ?, ?, ?, 'null'::jsonb, 0, ?, ?, '{}', ?)
       on conflict (business_id, channel, chat_id) do nothing returning version`,
      [address.businessId, address.channel, address.chatId, new Date(claim.now + claim.leaseMs), claim.token, now],
    );
    return inserted.length > 0 ? { kind: 'claimed', business, stored: null } : { kind: 'busy' };
  }
  if (claim.eventKey !== null && claimed.recent_events.includes(claim.eventKey)) {
    await releaseConversation(orm, address, claim.token);
    return { kind: 'duplicate' };
  }
  if (claimed.version === 0) return { kind: 'claimed', business, stored: null };
  // A state written by an older release that no longer parses starts over at the menu.
  const parsed = ConversationState.safeParse(claimed.state);
  return { kind: 'claimed', business, stored: { state: parsed.success ? parsed.data : freshState(claim.now), version: claimed.version } };
}

/**
 * Saves the new state and lets the chat go. Returns the new version, or null when our
 * lease ran out and another process took the chat meanwhile.
 */
export async function saveConversation(
  orm: MikroORM,
  address: ChatAddress,
  state: ConversationState,
  claim: { token: string; now: number; eventKey: string | null },
): Promise<number | null> {
  const updated = await emForBusiness(orm, address.businessId)
    .getConnection()
    .execute<{ version: number }[]>(
      `update conversation
          set state = ?::jsonb, version = version + 1, updated_at = ?, locked_until = null, locked_by = null,
              recent_events = case when ?::text is null then recent_events else (array_prepend(?::text, recent_events))[1:${RECENT_EVENTS}] end
        where business_id = ? and channel = ? and chat_id = ? and locked_by = ? returning version`,
      [JSON.stringify(state), new Date(claim.now), claim.eventKey, claim.eventKey, address.businessId, address.channel, address.chatId, claim.token],
    );
  return updated[0]?.version ?? null;
}

/** Lets the chat go without saving (the event failed). */
export async function releaseConversation(orm: MikroORM, address: ChatAddress, token: string): Promise<void> {
  await emForBusiness(orm, address.businessId)
    .getConnection()
    .execute(`update conversation set locked_until = null, locked_by = null where business_id = ? and channel = ? and chat_id = ? and locked_by = ?`, [
      address.businessId,
      address.channel,
      address.chatId,
      token,
    ]);
}
