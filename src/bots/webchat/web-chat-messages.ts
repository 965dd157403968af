import type { MikroORM } from '@mikro-orm/postgresql';
import { WebChatMessageSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { VisitorChat, WebChatEntry } from '../../app/channels/web-chat.ts';
import { BusinessBody, entryOf, type VisitorBody } from './web-chat-body.ts';

/** A message to store: the visitor's words, or what the business said. */
export type NewWebChatMessage = { author: 'visitor'; body: VisitorBody } | { author: 'business'; body: BusinessBody };

/** Stores messages in order, in one transaction (a visitor's words and the replies to them appear together). */
export async function appendWebChatMessages(orm: MikroORM, chat: VisitorChat, messages: readonly NewWebChatMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const em = emForBusiness(orm, chat.businessId);
  await em.transactional(async (tx) => {
    // One insert per message, in order: `seq` follows the order they were said in.
    for (const m of messages) {
      tx.create(WebChatMessageSchema, { business: chat.businessId, visitorId: chat.visitorId, author: m.author, body: { ...m.body } });
      await tx.flush();
    }
  });
}

/** The newest `limit` messages of the chat, oldest first (what a page shows on opening). */
export async function recentWebChatMessages(orm: MikroORM, chat: VisitorChat, limit: number): Promise<WebChatEntry[]> {
  const rows = await emForBusiness(orm, chat.businessId).find(WebChatMessageSchema, { visitorId: chat.visitorId }, { orderBy: { seq: 'desc' }, limit });
  return entries(rows.reverse());
}

/** Up to `limit` messages written after `seq`, oldest first (what an open page has not shown yet). */
export async function webChatMessagesAfter(orm: MikroORM, chat: VisitorChat, seq: number, limit: number): Promise<WebChatEntry[]> {
  const rows = await emForBusiness(orm, chat.businessId).find(WebChatMessageSchema, { visitorId: chat.visitorId, seq: { $gt: seq } }, { orderBy: { seq: 'asc' }, limit });
  return entries(rows);
}

/** Whether anything was written after `seq` (the long poll's cheap look). */
export async function hasWebChatMessagesAfter(orm: MikroORM, chat: VisitorChat, seq: number): Promise<boolean> {
  const row = await emForBusiness(orm, chat.businessId).findOne(WebChatMessageSchema, { visitorId: chat.visitorId, seq: { $gt: seq } }, { fields: ['seq'] });
  return row !== null;
}

// How far back a pressed choice's label is looked for: the menus still on the page.
const LABEL_LOOKBACK = 30;

/**
 * The label of a choice the business offered this visitor lately (newest first): what
 * the history shows as the visitor's answer. Null for a choice never offered (forged).
 */
export async function offeredChoiceLabel(orm: MikroORM, chat: VisitorChat, choiceId: string): Promise<string | null> {
  const rows = await emForBusiness(orm, chat.businessId).find(
    WebChatMessageSchema,
    { visitorId: chat.visitorId, author: 'business' },
    { orderBy: { seq: 'desc' }, limit: LABEL_LOOKBACK },
  );
  for (const row of rows) {
    const body = BusinessBody.safeParse(row.body);
    const found = body.success ? body.data.choices.flat().find((c) => c.id === choiceId) : undefined;
    if (found) return found.label;
  }
  return null;
}

/** Whether an outbox delivery was stored already (its send is being repeated after a crash). */
export async function webChatDeliveryStored(orm: MikroORM, chat: VisitorChat, deliveryId: string): Promise<boolean> {
  const count = await emForBusiness(orm, chat.businessId).count(WebChatMessageSchema, { visitorId: chat.visitorId, author: 'business', body: { deliveryId } });
  return count > 0;
}

function entries(rows: readonly { seq: number; author: 'visitor' | 'business'; body: unknown }[]): WebChatEntry[] {
  return rows.map(entryOf).filter((e): e is WebChatEntry => e !== null);
}
