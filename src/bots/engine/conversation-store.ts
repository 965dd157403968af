import type { MikroORM } from '@mikro-orm/postgresql';
import { NotFound } from '../../app/app-errors.ts';
import { PROFILE_COLUMNS, profileFromRow, type BusinessProfile } from '../../app/business-catalog.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { ConversationState, freshState } from './conversation-state.ts';
import type { ChatAddress } from './step-kit.ts';

/** A conversation as stored: its state and the version a save must match. */
export interface StoredConversation {
  state: ConversationState;
  version: number;
}

/**
 * Reads a chat's conversation together with the business it talks to, in one query
 * (both are needed for every event). A row whose state no longer parses (written by an
 * older release) starts over at the menu rather than failing the customer. Throws
 * `NotFound` for an unknown business.
 */
export async function loadConversation(orm: MikroORM, address: ChatAddress, now: number): Promise<{ business: BusinessProfile; stored: StoredConversation | null }> {
  const rows = await emForBusiness(orm, address.businessId)
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select ${PROFILE_COLUMNS}, c.state as conversation_state, c.version as conversation_version
         from business b left join conversation c on c.business_id = b.id and c.channel = ? and c.chat_id = ?
        where b.id = ?`,
      [address.channel, address.chatId, address.businessId],
    );
  const row = rows[0];
  if (!row) throw new NotFound('business');
  const business = profileFromRow(row);
  if (row['conversation_version'] === null || row['conversation_version'] === undefined) return { business, stored: null };
  const parsed = ConversationState.safeParse(row['conversation_state']);
  return { business, stored: { state: parsed.success ? parsed.data : freshState(now), version: Number(row['conversation_version']) } };
}

/**
 * Saves a conversation only over the version it was read at (`null`: it must not exist
 * yet). Returns the new version, or `null` when another instance saved first — the
 * caller then handles the event again on the fresh state.
 */
export async function saveConversation(orm: MikroORM, address: ChatAddress, state: ConversationState, readVersion: number | null, now: number): Promise<number | null> {
  const connection = emForBusiness(orm, address.businessId).getConnection();
  if (readVersion === null) {
    const inserted = await connection.execute<{ version: number }[]>(
      `insert into conversation (id, business_id, channel, chat_id, state, version, updated_at)
       values (gen_random_uuid(), ?, ?, ?, ?::jsonb, 1, ?)
       on conflict (business_id, channel, chat_id) do nothing returning version`,
      [address.businessId, address.channel, address.chatId, JSON.stringify(state), new Date(now)],
    );
    return inserted[0]?.version ?? null;
  }
  const updated = await connection.execute<{ version: number }[]>(
    `update conversation set state = ?::jsonb, version = version + 1, updated_at = ?
      where business_id = ? and channel = ? and chat_id = ? and version = ? returning version`,
    [JSON.stringify(state), new Date(now), address.businessId, address.channel, address.chatId, readVersion],
  );
  return updated[0]?.version ?? null;
}
