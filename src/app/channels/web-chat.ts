// The web chat as its pages use it: implemented by the channel (`src/bots/webchat`), used
// by the pages (`src/admin/webchat`), handed from one to the other by `main.ts`. It lives
// here because adapters do not import each other.

/** The business a chat page talks to, and how the page looks. */
export interface WebChatBusiness {
  id: string;
  slug: string;
  name: string;
  /** The business's language: the page's words when the browser names none we speak. */
  defaultLocale: string;
  /** Brand colours (`#RRGGBB`), for the page's header and buttons. */
  primaryColor: string;
  accentColor: string;
  hasLogo: boolean;
  /** Changes whenever the business is saved: links to its logo and colours carry it, so they are never stale. */
  version: number;
}

/** One visitor's chat with one business: every read and write is scoped to both. */
export interface VisitorChat {
  businessId: string;
  /** The random id in the visitor's cookie (never taken from a request's body or URL). */
  visitorId: string;
}

/** One message of a visitor's chat as the page shows it. */
export interface WebChatEntry {
  /** Its place in the chat (ascending): a page asks for what came after the last it shows. */
  seq: number;
  author: 'visitor' | 'business';
  lines: string[];
  /** Rows of choices; `value` is what pressing one sends back. */
  choices: { value: string; label: string }[][];
  /** Web links only (http and https). */
  links: { label: string; url: string }[];
  /** An image (a payment QR) as a data URL. */
  image?: { src: string; caption?: string };
}

/**
 * What a visitor did on the page: typed text, pressed a choice (`value` as the page got
 * it), or pressed Start (with a service to book, when the page's link named one).
 */
export type VisitorInput = { kind: 'text'; text: string } | { kind: 'choice'; value: string } | { kind: 'start'; serviceId?: string };

/**
 * How a visitor's input went: `sent` (handled, stored with the replies), `duplicate` (a
 * repeated send, ignored), or `invalid` (blank or too long text, a choice never offered:
 * not something the page sends; nothing stored).
 */
export type VisitorSendOutcome = 'sent' | 'duplicate' | 'invalid';

/** The web chat's visitors side: a business by its slug, a visitor's history, their input, news for an open page. */
export interface WebChatVisitors {
  /** The business at `/chat/<slug>`, or null (no such business, or not a slug at all). */
  business(slug: string): Promise<WebChatBusiness | null>;
  /** The newest `limit` messages, oldest first (what a page shows on opening). */
  recent(chat: VisitorChat, limit: number): Promise<WebChatEntry[]>;
  /** Up to `limit` messages after `seq`, oldest first (what an open page has not shown yet). */
  after(chat: VisitorChat, seq: number, limit: number): Promise<WebChatEntry[]>;
  /**
   * Runs the input through the conversation engine and stores it with the replies.
   * `eventId` (the page's id of this send) makes a repeated send a no-op; `language` is
   * the browser's, a first guess before the visitor picks one; `timeZone` the browser's
   * (a confirmation then also gives the time where the visitor is).
   */
  send(chat: VisitorChat, input: VisitorInput, options: { eventId: string | null; language?: string; timeZone?: string }): Promise<VisitorSendOutcome>;
  /** Resolves once something was written after `seq`, after `waitMs`, or when `signal` aborts. */
  waitForNews(chat: VisitorChat, seq: number, waitMs: number, signal?: AbortSignal): Promise<void>;
}
