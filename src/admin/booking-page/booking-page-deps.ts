import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';

/** Requests per minute the booking page takes, per visitor (cookie) and per client address. */
export interface BookingPageLimits {
  pagesPerMinutePerAddress: number;
  /** Holds (choosing a time) and confirmations, reschedules and cancellations. */
  postsPerMinutePerVisitor: number;
  postsPerMinutePerAddress: number;
}

/** The defaults: far above a person booking, far below a script. */
export const DEFAULT_BOOKING_PAGE_LIMITS: BookingPageLimits = {
  pagesPerMinutePerAddress: 120,
  postsPerMinutePerVisitor: 20,
  postsPerMinutePerAddress: 60,
};

/** What the public booking page and the widget need, passed in by `main.ts` (or a test). */
export interface BookingPageDeps {
  /** Use cases run with it; `ctx.links` signs the manage and calendar links, `ctx.payments` takes deposits. */
  ctx: UseCaseContext;
  translator: Translator;
  /** APP_SECRET: the visitor cookie's key and the form token are derived from it (and the links, without `ctx.links`). */
  appSecret: string;
  /** PUBLIC_URL: an https one makes the visitor cookie Secure (and usable inside a widget's frame). */
  publicUrl: string;
  limits?: Partial<BookingPageLimits>;
  /**
   * This service sends mail (SMTP_URL): a phone with too many unconfirmed bookings may get
   * its one-time code by e-mail when the business has no SMS number.
   */
  emailCodes?: boolean;
}
