import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';

/** The business a chat page talks to, and how the page looks. */
export interface WebChatBusiness {
  id: string;
  slug: string;
  name: string;
  defaultLocale: string;
  primaryColor: string;
  accentColor: string;
  hasLogo: boolean;
  /** Changes whenever the business is saved: links to its logo and colours carry it. */
  version: number;
}

/** One message of a visitor's chat as the page shows it. */
export interface WebChatEntry {
  seq: number;
  author: 'visitor' | 'business';
  lines: string[];
  /** Rows of choices; `value` is what pressing one sends back. */
  choices: { value: string; label: string }[][];
  links: { label: string; url: string }[];
  /** An image (a payment QR) as a data URL. */
  image?: { src: string; caption?: string };
}

/** A visitor's chat with one business. */
export interface VisitorChat {
  businessId: string;
  visitorId: string;
}

/** What a visitor did: typed, pressed a choice, or pressed Start (for a service, when the link named one). */
export type VisitorInput = { kind: 'text'; text: string } | { kind: 'choice'; value: string } | { kind: 'start'; serviceId?: string };

/**
 * The web chat channel as its pages use it (implemented by `src/bots/webchat`, passed in
 * by `main.ts`: adapters do not import each other).
 */
export interface WebChatVisitors {
  business(slug: string): Promise<WebChatBusiness | null>;
  /** The newest `limit` messages, oldest first. */
  recent(chat: VisitorChat, limit: number): Promise<WebChatEntry[]>;
  /** Up to `limit` messages after `seq`, oldest first. */
  after(chat: VisitorChat, seq: number, limit: number): Promise<WebChatEntry[]>;
  /** Runs the input through the conversation; `invalid`: not something the page sends (nothing stored). */
  send(chat: VisitorChat, input: VisitorInput, options: { eventId: string | null; language?: string }): Promise<'sent' | 'duplicate' | 'invalid'>;
  /** Resolves once something was written after `seq`, after `waitMs`, or when `signal` aborts. */
  waitForNews(chat: VisitorChat, seq: number, waitMs: number, signal?: AbortSignal): Promise<void>;
}

/** Requests per minute the chat takes, per client address and per visitor. */
export interface WebChatLimits {
  pagesPerMinutePerAddress: number;
  sendsPerMinutePerAddress: number;
  sendsPerMinutePerVisitor: number;
  pollsPerMinutePerAddress: number;
  pollsPerMinutePerVisitor: number;
}

/** The defaults: far above a person chatting, far below a script. */
export const DEFAULT_WEB_CHAT_LIMITS: WebChatLimits = {
  pagesPerMinutePerAddress: 60,
  sendsPerMinutePerAddress: 60,
  sendsPerMinutePerVisitor: 30,
  pollsPerMinutePerAddress: 240,
  pollsPerMinutePerVisitor: 120,
};

/** What the web chat's pages need, passed in by `main.ts` (or a test). */
export interface WebChatDeps {
  /** For the business's logo (a use case). */
  ctx: UseCaseContext;
  translator: Translator;
  /** APP_SECRET: the visitor cookie's key and the form token are derived from it. */
  appSecret: string;
  /** PUBLIC_URL: an https one makes the visitor cookie Secure. */
  publicUrl: string;
  visitors: WebChatVisitors;
  limits?: Partial<WebChatLimits>;
  /** How long an open page's poll waits for news before answering empty (default 25 s). */
  pollWaitMs?: number;
}
