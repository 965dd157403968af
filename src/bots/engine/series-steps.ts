import { bookSeries } from '../../app/booking/book-series.ts';
import { customerBooking } from './customer-booking.ts';
import { cancelSeries } from '../../app/booking/cancel-series.ts';
import { previewSeries } from '../../app/booking/preview-series.ts';
import type { SeriesConflict, SeriesVisit } from '../../app/booking/series-plan.ts';
import { seriesStanding } from '../../app/booking/series-standing.ts';
import { InvalidRequest } from '../../app/shared/app-errors.ts';
import { ChangeCutoffPassed } from '../../domain/index.ts';
import { formatDateTime, formatTime, localDateOf } from './chat-formatting.ts';
import { choice, message, raw, say, type ChatChoice, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { errorLine } from './error-line.ts';
import { chosen, goTo, idAfter, type Scene, type StepHandler, type StepOutcome } from './step-kit.ts';

// How many more visits a customer may pick: a month, two, a quarter of weekly lessons.
const COUNTS = [4, 8, 12] as const;

/**
 * "🗓 Repeat" on a booking's confirmation (lasting, so it names the booking); offered
 * only where the booking can be repeated (`isRepeatable` over its details).
 */
export function repeatChoiceFor(bookingId: string): ChatChoice {
  return choice(`rp:${bookingId}`, say('chat.series.repeat'));
}

/**
 * What a booking's page in My bookings adds for recurring visits: a visit of a series
 * is cancelled alone or with the later ones; a booking that can be repeated offers to
 * (on every channel: text channels have no confirmation buttons, so this is theirs).
 */
export async function seriesChoicesOnPage(scene: Scene, bookingId: string): Promise<{ lines: ChatText[]; cancel: ChatChoice; rows: ChatChoice[][] }> {
  const standing = await seriesStanding(scene.env.ctx, scene.business.id, bookingId, scene.customerId);
  if (standing.seriesId) return { lines: [say('chat.series.in_series')], cancel: choice('cancel', say('chat.series.cancel_single')), rows: [[choice('cancel_rest', say('chat.series.cancel_later'))]] };
  return { lines: [], cancel: choice('cancel', say('chat.my.cancel')), rows: standing.repeatable ? [[choice('repeat', say('chat.series.repeat'))]] : [] };
}

/** Starts repeating a booking, unless it cannot be (said up front, not after three taps). */
export async function startRepeat(scene: Scene, bookingId: string): Promise<StepOutcome> {
  const standing = await seriesStanding(scene.env.ctx, scene.business.id, bookingId, scene.customerId);
  if (!standing.repeatable) return goTo({ name: 'booking', bookingId }, [say('errors.series.not_repeatable')]);
  return goTo({ name: 'series_every', bookingId });
}

/** "Repeat … — how often?" */
export const seriesEveryStep: StepHandler<Step<'series_every'>> = {
  async render(scene, step) {
    const b = await customerBooking(scene, step.bookingId);
    return message(
      [say('chat.series.ask_every', { service: b.serviceName, staff: b.staffName, when: formatDateTime(b.startsAt, scene.business.timeZone, scene.language) })],
      [[choice('every:1', say('chat.series.weekly')), choice('every:2', say('chat.series.biweekly'))], [choice('back', say('chat.nav.back'))]],
    );
  },
  async onEvent(_scene, step, event) {
    const id = chosen(event);
    if (id === 'back') return goTo({ name: 'booking', bookingId: step.bookingId });
    const every = idAfter(id, 'every');
    if (every === '1' || every === '2') return goTo({ name: 'series_count', bookingId: step.bookingId, everyWeeks: every === '1' ? 1 : 2 });
    return 'not_understood';
  },
};

/** "How many more visits?" */
export const seriesCountStep: StepHandler<Step<'series_count'>> = {
  async render() {
    return message([say('chat.series.ask_count')], [COUNTS.map((n) => choice(`count:${n}`, raw(`${n}`))), [choice('back', say('chat.nav.back'))]]);
  },
  async onEvent(_scene, step, event) {
    const id = chosen(event);
    if (id === 'back') return goTo({ name: 'series_every', bookingId: step.bookingId });
    const count = COUNTS.find((n) => idAfter(id, 'count') === String(n));
    return count ? goTo({ name: 'series_preview', bookingId: step.bookingId, everyWeeks: step.everyWeeks, count, instead: [] }) : 'not_understood';
  },
};

/**
 * The visits it would book and those it cannot, each of those with its nearest free
 * times as choices: pressing one puts the visit there instead. "Book" books the lot.
 */
export const seriesPreviewStep: StepHandler<Step<'series_preview'>> = {
  async render(scene, step) {
    const visits = await scene.once(`series:${JSON.stringify(step)}`, () => previewSeries(scene.env.ctx, scene.business.id, scene.customerId, step));
    const free = visits.filter((v) => v.free);
    const conflicts = visits.filter((v): v is SeriesConflict => !v.free);
    const lines: ChatText[] = [];
    if (free.length > 0) lines.push(say('chat.series.free'), ...free.map((v) => raw(`• ${when(scene, v.startsAt)}`)));
    if (conflicts.length > 0) lines.push(say('chat.series.conflicts'), ...conflicts.flatMap((c) => conflictLines(scene, c)));
    const swaps = conflicts.flatMap((c) => c.alternatives.slice(0, 2).map((at) => choice(`sw:${c.index}:${at}`, say('chat.series.instead', { when: when(scene, at) }))));
    const book = free.length > 0 ? [[choice('book', say('chat.series.book'))]] : [];
    if (free.length === 0) lines.push(say('chat.series.none_free'));
    return message(lines, [...book, ...swaps.map((s) => [s]), [choice('back', say('chat.nav.back'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'back') return goTo({ name: 'series_count', bookingId: step.bookingId, everyWeeks: step.everyWeeks });
    const swap = idAfter(id, 'sw')?.split(':').map(Number);
    if (swap && swap.length === 2 && swap.every(Number.isSafeInteger)) {
      const [index, startsAt] = swap as [number, number];
      const next = { ...step, instead: [...step.instead.filter((s) => s.index !== index), { index, startsAt }] };
      // A forged or stale choice (a time nowhere near its visit) is refused here, not by the next render.
      try {
        await scene.once(`series:${JSON.stringify(next)}`, () => previewSeries(scene.env.ctx, scene.business.id, scene.customerId, next));
      } catch (error) {
        if (error instanceof InvalidRequest) return 'not_understood';
        throw error;
      }
      return goTo(next);
    }
    if (id !== 'book') return 'not_understood';
    try {
      const result = await bookSeries(scene.env.ctx, scene.business.id, scene.customerId, step);
      const lines: ChatText[] = [say('chat.series.booked'), ...result.booked.map((b) => raw(`• ${when(scene, b.startsAt)}`))];
      if (result.conflicts.length > 0) lines.push(say('chat.series.not_booked'), ...result.conflicts.flatMap((c) => conflictLines(scene, c)), say('chat.series.book_hint'));
      return { next: { name: 'menu' }, kept: [{ lines, choices: [], lasting: true }] };
    } catch (error) {
      if (error instanceof InvalidRequest) return goTo({ name: 'booking', bookingId: step.bookingId }, [errorLine(error, scene.language)]);
      throw error;
    }
  },
};

/** "Cancel this visit and every later one of the series?" */
export const seriesCancelStep: StepHandler<Step<'series_cancel'>> = {
  async render(scene, step) {
    const b = await customerBooking(scene, step.bookingId);
    return message(
      [say('chat.series.cancel_later_question', { service: b.serviceName, when: when(scene, b.startsAt) })],
      [[choice('yes', say('chat.series.cancel_later_yes')), choice('no', say('chat.my.cancel_no'))]],
    );
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'no') return goTo({ name: 'booking', bookingId: step.bookingId });
    if (id !== 'yes') return 'not_understood';
    const result = await cancelSeries(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.bookingId, reason: 'customer_request' });
    const notes: ChatText[] = [];
    if (result.cancelled.length > 0) notes.push(say('chat.series.cancelled_later'), ...result.cancelled.map((b) => raw(`• ${when(scene, b.startsAt)}`)));
    // Each visit keeps its own cutoff: one too close stays booked, and the customer hears why.
    for (const kept of result.tooLate) notes.push(errorLine(new ChangeCutoffPassed('cancel', scene.business.cancelCutoffMinutes), scene.language), raw(`• ${when(scene, kept.startsAt)}`));
    return goTo({ name: 'menu' }, notes);
  },
};

function conflictLines(scene: Scene, visit: SeriesConflict): ChatText[] {
  const lines: ChatText[] = [say(`chat.series.reason_${visit.reason}`, { when: when(scene, visit.startsAt) })];
  if (visit.alternatives.length > 0) lines.push(say('chat.series.nearest', { times: visit.alternatives.map((at) => nearby(scene, visit, at)).join(', ') }));
  return lines;
}

// An alternative on the visit's own day reads as its time alone ("09:00"), another day in full.
function nearby(scene: Scene, visit: SeriesVisit, at: number): string {
  const zone = scene.business.timeZone;
  return localDateOf(at, zone) === localDateOf(visit.startsAt, zone) ? formatTime(at, zone, scene.language) : when(scene, at);
}

function when(scene: Scene, at: number): string {
  return formatDateTime(at, scene.business.timeZone, scene.language);
}
