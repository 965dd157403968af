import QRCode from 'qrcode';
import { customerBooking } from './customer-booking.ts';
import { forwardToTeam } from '../../app/conversations/forward-to-team.ts';
import { paymentReturnUrls, requestPayment } from '../../app/payments/request-payment.ts';
import type { PaymentView } from '../../app/payments/payment-view.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { formatDateTime, formatPrice, formatTime, localDateOf } from './chat-formatting.ts';
import { choice, message, say, type ChatMessage, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { chosen, goTo, type Scene, type StepHandler } from './step-kit.ts';
import { clipText } from './clip-text.ts';

// How the QR of a payment link is drawn: big enough to scan from a phone held at a desk.
const QR_OPTIONS = { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 360 } as const;

/** The booking's reference as customers and the team read it: the first 8 characters of its id. */
export function bookingReference(bookingId: string): string {
  return bookingId.slice(0, 8).toUpperCase();
}

/**
 * The deposit step, right after a booking that waits for its deposit: the payment is
 * asked for (the same one again when the step is shown again) and shown with its link
 * as a QR image (channels without images print the link). A Stripe payment confirms
 * the booking by itself; for Kaspi and cash the customer may press "I paid" and the team
 * is told to check and confirm.
 */
export const payStep: StepHandler<Step<'pay'>> = {
  // A number picks a choice; other words (or a receipt's note) go to the team.
  typed: 'own-or-number',
  async render(scene, step) {
    const payment = await paymentFor(scene, step.bookingId);
    if (!payment) return message([say('chat.pay.nothing_due')], [[choice('menu', say('chat.nav.menu'))]]);
    if (payment === 'unavailable') return message([say('chat.pay.unavailable')], [[choice('menu', say('chat.nav.menu'))]]);
    return paymentMessage(scene, step.bookingId, payment);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'menu') return goTo({ name: 'menu' });
    if (event.kind === 'text' && event.text.trim() !== '') {
      // A question about paying, or a receipt the channel passed on: a person answers.
      await forwardToTeam(scene.env.ctx, scene.business.id, { customerId: scene.customerId, text: clipText(event.text, 3000) });
      return goTo({ name: 'menu' }, [say('chat.pay.forwarded')]);
    }
    if (id !== 'paid') return 'not_understood';
    const b = await customerBooking(scene, step.bookingId);
    // The team reads the business's own language.
    const language = supportedLanguage(scene.business.defaultLocale) ?? 'en';
    const text = scene.env.translator.t(language, 'chat.pay.claim_for_team', {
      amount: formatPrice(b.depositMinor, b.currency, language),
      service: b.serviceName,
      when: formatDateTime(b.startsAt, scene.business.timeZone, language),
      ref: bookingReference(step.bookingId),
    });
    await forwardToTeam(scene.env.ctx, scene.business.id, { customerId: scene.customerId, text });
    return goTo({ name: 'menu' }, [say('chat.pay.claimed')]);
  },
};

async function paymentFor(scene: Scene, bookingId: string): Promise<PaymentView | 'unavailable' | null> {
  const settings = scene.env.ctx.payments;
  if (!settings) return 'unavailable';
  const b = await customerBooking(scene, bookingId);
  const description = scene.env.translator.t(scene.language, 'chat.pay.description', {
    service: b.serviceName,
    when: formatDateTime(b.startsAt, scene.business.timeZone, scene.language),
  });
  const outcome = await requestPayment(scene.env.ctx, scene.business.id, settings.providers, {
    bookingId,
    language: scene.language,
    description,
    ...paymentReturnUrls(settings.publicUrl, b.businessSlug, bookingId),
  });
  if (outcome.kind === 'unavailable') return 'unavailable';
  return outcome.kind === 'payment' ? outcome.payment : null;
}

async function paymentMessage(scene: Scene, bookingId: string, payment: PaymentView): Promise<ChatMessage> {
  const lang = scene.language;
  const zone = scene.business.timeZone;
  const amount = formatPrice(payment.amountMinor, payment.currency, lang);
  const lines: ChatText[] = [];
  if (payment.expiresAt !== null) {
    const sameDay = localDateOf(payment.expiresAt, zone) === localDateOf(scene.now, zone);
    lines.push(say('chat.pay.title', { amount, until: sameDay ? formatTime(payment.expiresAt, zone, lang) : formatDateTime(payment.expiresAt, zone, lang) }));
  }
  lines.push(say('chat.pay.reference', { ref: bookingReference(bookingId) }));
  lines.push(say(`chat.pay.how_${payment.provider}`));
  const choices = payment.provider === 'stripe' ? [[choice('menu', say('chat.nav.menu'))]] : [[choice('paid', say('chat.pay.i_paid'))], [choice('menu', say('chat.nav.menu'))]];
  if (!payment.link) return message(lines, choices);
  const png = await QRCode.toBuffer(payment.link, QR_OPTIONS);
  return message(lines, choices, {
    links: [{ label: say('chat.pay.link_label', { amount }), url: payment.link }],
    image: { png: new Uint8Array(png), caption: say('chat.pay.qr_caption', { amount }) },
  });
}
