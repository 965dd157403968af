import { formatMoney } from '../../app/catalog/currency-amount.ts';
import type { DeskBooking } from '../../app/front-desk/desk-booking.ts';
import type { PanelRequest } from './panel-route.ts';

/** What the desk can do to a booking from the panel, as the chats' team can. */
export const DESK_ACTIONS = ['approve', 'decline', 'paid', 'unpaid', 'arrived', 'noshow'] as const;
/** One of {@link DESK_ACTIONS}. */
export type DeskAction = (typeof DESK_ACTIONS)[number];

// Brand names read the same in every language.
const BRAND_SOURCES: Partial<Record<DeskBooking['source'], string>> = { telegram: 'Telegram', whatsapp: 'WhatsApp', api: 'API' };

/** Where a booking came from, as a person reads it (a brand as it is, the rest in their language). */
export function sourceLabel(t: PanelRequest['panel']['t'], source: DeskBooking['source']): string {
  return BRAND_SOURCES[source] ?? t(`panel.desk.source.${source}`);
}

/** A booking as a desk template shows it: its own facts, formatted in the business's zone and the reader's language. */
export interface DeskRow extends DeskBooking {
  date: string;
  time: string;
  endTime: string;
  /** `confirmed`, `awaiting_approval`… (key under `panel.desk.status`). */
  statusKey: string;
  /** Where it came from, in words. */
  channel: string;
  price: string;
  deposit: string | null;
  /** The buttons its state offers. */
  actions: DeskAction[];
  /** It can still be moved or cancelled. */
  changeable: boolean;
  /** A confirmation can be sent again (confirmed and still to come). */
  resendable: boolean;
}

/** The actions a booking's state offers, like the team post's buttons. */
export function actionsFor(b: Pick<DeskBooking, 'status' | 'awaiting'>): DeskAction[] {
  if (b.status === 'pending' && b.awaiting === 'approval') return ['approve', 'decline'];
  if (b.status === 'pending' && b.awaiting === 'payment') return ['paid', 'unpaid'];
  if (b.status === 'confirmed') return ['arrived', 'noshow'];
  return [];
}

/** The status a person reads: a pending booking by what it waits for. */
export function statusKeyOf(b: Pick<DeskBooking, 'status' | 'awaiting'>): string {
  if (b.status === 'pending') return b.awaiting === 'payment' ? 'awaiting_payment' : 'awaiting_approval';
  return b.status;
}

/** Formats desk bookings for a request: times in the business's zone, money in the reader's language. */
export function deskRows(request: PanelRequest, bookings: readonly DeskBooking[], now: number): DeskRow[] {
  const { language, t } = request.panel;
  const timeZone = request.panel.business!.timeZone;
  const day = new Intl.DateTimeFormat(language, { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const time = new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return bookings.map((b) => ({
    ...b,
    date: day.format(b.startsAt),
    time: time.format(b.startsAt),
    endTime: time.format(b.endsAt),
    statusKey: statusKeyOf(b),
    channel: sourceLabel(t, b.source),
    price: formatMoney(b.priceMinor - b.discountMinor, b.currency, language),
    deposit: b.depositMinor > 0 ? formatMoney(b.depositMinor, b.currency, language) : null,
    actions: actionsFor(b),
    changeable: ['held', 'pending', 'confirmed'].includes(b.status),
    resendable: b.status === 'confirmed' && b.startsAt > now,
  }));
}
