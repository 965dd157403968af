import type { Language, Translator } from '../../i18n/translator.ts';
import type { ChatEvent } from './chat-event.ts';
import type { ChatMessage } from './chat-message.ts';
import { runConversation } from './conversation-engine.ts';
import { loadConversation, saveConversation } from './conversation-store.ts';
import type { EngineEnv } from './step-kit.ts';

/** The answer to one event: messages to send, and the version their choices belong to. */
export interface ChatReply {
  messages: ChatMessage[];
  version: number;
  /** The language the messages are to be read in. */
  language: Language;
}

const SAVE_ATTEMPTS = 3;

// Events of one chat are handled one after another in this process; across processes
// the stored version decides (a lost race handles the event again on the new state).
const chatQueues = new Map<string, Promise<unknown>>();

/**
 * Handles one chat event end to end: load the conversation, run the engine, store the
 * new state over the version it read. Used by every channel adapter.
 */
export async function handleChatEvent(env: EngineEnv & { translator: Translator }, event: ChatEvent): Promise<ChatReply> {
  const key = `${env.address.businessId}:${env.address.channel}:${env.address.chatId}`;
  const previous = chatQueues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => handleInOrder(env, event));
  chatQueues.set(key, run);
  try {
    return await run;
  } finally {
    if (chatQueues.get(key) === run) chatQueues.delete(key);
  }
}

async function handleInOrder(env: EngineEnv & { translator: Translator }, event: ChatEvent): Promise<ChatReply> {
  for (let attempt = 1; ; attempt++) {
    const now = env.ctx.now();
    const { business, stored } = await loadConversation(env.ctx.orm, env.address, now);
    const turn = await runConversation(env, business, stored, event);
    const version = await saveConversation(env.ctx.orm, env.address, turn.state, stored?.version ?? null, now);
    if (version !== null) return { messages: turn.messages, version, language: turn.language };
    if (attempt >= SAVE_ATTEMPTS) throw new Error(`conversation ${env.address.chatId} kept changing under us`);
  }
}
