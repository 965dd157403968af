import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Language, Translator } from '../../i18n/translator.ts';
import type { WebChatBusiness, WebChatEntry } from '../../app/channels/web-chat.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the page's script and stylesheet are served from. */
export const ASSETS_DIR = path.join(here, 'assets');

/** The web chat's templates (escaped by default: `<%= %>`). */
export function webChatViews(): Eta {
  return new Eta({ views: path.join(here, 'views'), cache: true });
}

/** What every chat template is given to word itself. */
export interface ChatViewContext {
  language: Language;
  t: (key: string, params?: Record<string, string | number>) => string;
}

/** The words of the page in a language. */
export function chatViewContext(translator: Translator, language: Language): ChatViewContext {
  return { language, t: (key, params) => translator.t(language, key, params) };
}

/** What the chat page and its message fragments are drawn from. */
export interface ChatPageData extends ChatViewContext {
  business: WebChatBusiness;
  /** `/chat/<slug>`. */
  base: string;
  entries: WebChatEntry[];
  /** The visitor's form token. */
  token: string;
  /** The id of the page's sends without the script (each send with it gets a fresh one). */
  eventId: string;
  /** The last message's `seq`: the page's poll asks for what came after. */
  after: number;
  /** A service to book, when the link named one (Start goes straight to it). */
  serviceId?: string;
}

/** A fresh id for the forms of one drawn page: sending one of them twice is handled once. */
export function pageEventId(): string {
  return randomBytes(12).toString('hex');
}
