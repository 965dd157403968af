import { randomUUID } from 'node:crypto';
import type { ChatAddress, ConversationClaim } from '../../app/conversations/conversation-store.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { supportedLanguage, type Language, type Translator } from '../../i18n/translator.ts';
import type { ChatEvent } from './chat-event.ts';
import { message, say, type ChatMessage } from './chat-message.ts';
import { runConversation } from './conversation-engine.ts';
import { ConversationState, freshState } from './conversation-state.ts';
import type { EngineEnv } from './step-kit.ts';
import { textMenuPage, type TextMenus } from './text-menu.ts';
import { withLogContext } from '../../log-context.ts';

/** The answer to one event: messages to send, and the version their choices belong to. */
export interface ChatReply {
  messages: ChatMessage[];
  version: number;
  /** The language the messages are to be read in. */
  language: Language;
  /** The event was handled before (a redelivery): nothing to send. */
  duplicate: boolean;
  /** The page of the last message's numbered menu, for channels without buttons (0 otherwise). */
  textPage: number;
}

// A chat is held this long at most per event; a crashed holder's lease runs out.
const LEASE_MS = 30_000;
// How long an event waits for another process to finish with the same chat: longer
// than a lease, so the holder has either saved (a busy process may take seconds when
// its connection pool is queued) or died and its lease run out (a SIGKILLed web
// process). Shorter, a burst lost updates: already answered to Telegram, then given
// up while the other process still worked on the chat (tests/faults/burst).
const WAIT_FOR_CHAT_MS = LEASE_MS + 5_000;

// Events of one chat are handled one after another in this process; across processes
// the conversation row's lease does it.
const chatQueues = new Map<string, Promise<unknown>>();

/**
 * Handles one chat event end to end: take the chat (a lease on its conversation row),
 * run the engine, store the new state and let go. `eventKey` (the channel's id of the
 * update) makes a redelivered event a no-op. Used by every channel adapter — the one
 * seam every update passes: each gets an `updateId` that every log line written while
 * it runs carries (with its `channel` and `eventKey`), and a failure carries it out to
 * the channel's error boundary (`err.updateId`); its outcome and time are counted in
 * `ctx.metrics`.
 */
export async function handleChatEvent(env: EngineEnv & { translator: Translator }, event: ChatEvent, eventKey: string | null = null): Promise<ChatReply> {
  // A UUID, not the provider's id: a Telegram update id reads like a phone number to the log's redaction.
  const updateId = randomUUID();
  const channel = env.address.channel;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const reply = await withLogContext({ updateId, channel, ...(eventKey === null ? {} : { eventKey }) }, () => inChatOrder(env.address, () => handleInOrder(env, event, eventKey)));
    env.ctx.metrics?.chatUpdate(channel, reply.duplicate ? 'duplicate' : 'handled', seconds());
    return reply;
  } catch (error) {
    env.ctx.metrics?.chatUpdate(channel, 'failed', seconds());
    if (error instanceof Error && Object.isExtensible(error) && !('updateId' in error)) Object.assign(error, { updateId });
    throw error;
  }
}

/**
 * A notification with numbered actions went to a chat without buttons (a reminder's
 * "1 I'll come / 2 Reschedule / 3 Cancel"): the chat remembers them, so the number the
 * customer answers with acts on that booking whatever step the chat is at. Nothing is
 * stored for a chat that never wrote (the engine greets it first) or when the message
 * has no choices. `menus` must be the channel's, as its renderer pages with it.
 */
export function rememberNotificationMenu(env: Pick<EngineEnv, 'ctx' | 'address'> & { translator: Translator; menus: TextMenus }, notice: ChatMessage, language: Language): Promise<void> {
  return inChatOrder(env.address, async () => {
    const layout = textMenuPage(env.translator, language, notice, 0, env.menus);
    if (layout.numbered.length === 0) return;
    const token = randomUUID();
    const claim = await claimChat(env.ctx, env.address, token, null);
    if (claim.kind !== 'claimed') return;
    const store = env.ctx.conversations;
    if (!claim.stored) return void (await store.release(env.address, token));
    const now = env.ctx.now();
    const state = parsedState(claim.stored.state, now);
    const textMenu = { page: 0, shown: layout.numbered.map((c) => c.id), more: false, global: true };
    await store.save(env.address, { ...state, textMenu }, { token, now, eventKey: null });
  });
}

// One chat's work, one piece after another in this process.
async function inChatOrder<T>(address: ChatAddress, work: () => Promise<T>): Promise<T> {
  const key = `${address.businessId}:${address.channel}:${address.chatId}`;
  const previous = chatQueues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(work);
  chatQueues.set(key, run);
  try {
    return await run;
  } finally {
    if (chatQueues.get(key) === run) chatQueues.delete(key);
  }
}

/** Takes the chat, waiting while another process holds it. */
async function claimChat(ctx: UseCaseContext, address: ChatAddress, token: string, eventKey: string | null): Promise<Exclude<ConversationClaim, { kind: 'busy' }>> {
  const started = Date.now();
  for (;;) {
    const claim = await ctx.conversations.claim(address, { token, now: ctx.now(), leaseMs: LEASE_MS, eventKey });
    if (claim.kind !== 'busy') return claim;
    if (Date.now() - started > WAIT_FOR_CHAT_MS) throw new Error(`chat ${address.chatId} stayed busy for ${WAIT_FOR_CHAT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function handleInOrder(env: EngineEnv & { translator: Translator }, event: ChatEvent, eventKey: string | null): Promise<ChatReply> {
  const token = randomUUID();
  const store = env.ctx.conversations;
  const claim = await claimChat(env.ctx, env.address, token, eventKey);
  if (claim.kind === 'duplicate') return { messages: [], version: 0, language: 'en', duplicate: true, textPage: 0 };
  if (claim.kind === 'too_many_new') {
    // Nothing is stored for this chat; the person may simply write again in a minute.
    const language = supportedLanguage(env.profile.language) ?? 'en';
    return { messages: [message([say('errors.too_many_new_chats')])], version: 0, language, duplicate: false, textPage: 0 };
  }
  const now = env.ctx.now();
  // A state written by an older release that no longer parses starts over at the menu.
  const stored = claim.stored && { state: parsedState(claim.stored.state, now), version: claim.stored.version };
  let turn;
  try {
    turn = await runConversation(env, claim.business, stored, event);
  } catch (error) {
    await store.release(env.address, token).catch(() => undefined);
    throw error;
  }
  const version = await store.save(env.address, turn.state, { token, now, eventKey });
  if (version === null) throw new Error(`chat ${env.address.chatId}: the lease ran out before the state was saved`);
  return { messages: turn.messages, version, language: turn.language, duplicate: false, textPage: turn.textPage };
}

function parsedState(raw: unknown, now: number): ConversationState {
  const parsed = ConversationState.safeParse(raw);
  return parsed.success ? parsed.data : freshState(now);
}
