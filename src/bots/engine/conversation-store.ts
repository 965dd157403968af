import type { MikroORM } from '@mikro-orm/postgresql';
import { ConversationSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { ConversationState, freshState } from './conversation-state.ts';
import type { ChatAddress } from './step-kit.ts';

/** A conversation as stored: its state and the version a save must match. */
export interface StoredConversation {
  state: ConversationState;
  version: number;
}

/**
 * Reads a chat's conversation. A row whose state no longer parses (written by an older
 * release) starts over at the menu rather than failing the customer.
 */
export async function loadConversation(orm: MikroORM, address: ChatAddress, now: number): Promise<StoredConversation | null> {
  const em = emForBusiness(orm, address.businessId);
  const row = await em.findOne(ConversationSchema, { channel: address.channel, chatId: address.chatId });
  if (!row) return null;
  const parsed = ConversationState.safeParse(row.state);
  return { state: parsed.success ? parsed.data : freshState(now), version: row.version };
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
