import { randomUUID } from 'node:crypto';
import { supportedLanguage, type Language, type Translator } from '../../i18n/translator.ts';
import type { ChatEvent } from './chat-event.ts';
import { message, say, type ChatMessage } from './chat-message.ts';
import { runConversation } from './conversation-engine.ts';
import { ConversationState, freshState } from './conversation-state.ts';
import type { EngineEnv } from './step-kit.ts';

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
// How long an event waits for another process to finish with the same chat.
const WAIT_FOR_CHAT_MS = 10_000;

// Events of one chat are handled one after another in this process; across processes
// the conversation row's lease does it.
const chatQueues = new Map<string, Promise<unknown>>();

/**
 * Handles one chat event end to end: take the chat (a lease on its conversation row),
 * run the engine, store the new state and let go. `eventKey` (the channel's id of the
 * update) makes a redelivered event a no-op. Used by every channel adapter.
 */
export async function handleChatEvent(env: EngineEnv & { translator: Translator }, event: ChatEvent, eventKey: string | null = null): Promise<ChatReply> {
  const key = `${env.address.businessId}:${env.address.channel}:${env.address.chatId}`;
  const previous = chatQueues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => handleInOrder(env, event, eventKey));
  chatQueues.set(key, run);
  try {
    return await run;
  } finally {
    if (chatQueues.get(key) === run) chatQueues.delete(key);
  }
}

async function handleInOrder(env: EngineEnv & { translator: Translator }, event: ChatEvent, eventKey: string | null): Promise<ChatReply> {
  const token = randomUUID();
  const started = Date.now();
  for (;;) {
    const now = env.ctx.now();
    const store = env.ctx.conversations;
    const claim = await store.claim(env.address, { token, now, leaseMs: LEASE_MS, eventKey });
    if (claim.kind === 'duplicate') return { messages: [], version: 0, language: 'en', duplicate: true, textPage: 0 };
    if (claim.kind === 'too_many_new') {
      // Nothing is stored for this chat; the person may simply write again in a minute.
      const language = supportedLanguage(env.profile.language) ?? 'en';
      return { messages: [message([say('errors.too_many_new_chats')])], version: 0, language, duplicate: false, textPage: 0 };
    }
    if (claim.kind === 'busy') {
      if (Date.now() - started > WAIT_FOR_CHAT_MS) throw new Error(`chat ${env.address.chatId} stayed busy for ${WAIT_FOR_CHAT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
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
}

function parsedState(raw: unknown, now: number): ConversationState {
  const parsed = ConversationState.safeParse(raw);
  return parsed.success ? parsed.data : freshState(now);
}
