import { stopOffers } from '../../app/broadcasts/stop-offers.ts';
import { say } from './chat-message.ts';
import { goTo, type Move, type Scene } from './step-kit.ts';

// What a customer types to stop offers, in any case, with or without a slash or a full stop.
const STOP_WORDS: ReadonlySet<string> = new Set(['stop', 'unsubscribe', 'стоп', 'отписаться', 'тоқтат', 'тоқтату']);

/** True when the customer's text asks to stop offers ("STOP", "Стоп."). */
export function isOffersStop(text: string): boolean {
  return STOP_WORDS.has(text.trim().toLowerCase().replace(/^\//, '').replace(/[.!]+$/, ''));
}

/**
 * The customer turns offers off (STOP, or a broadcast's Unsubscribe button naming the
 * broadcast): said back, with where to turn them on again. Booking messages still come.
 */
export async function stopOffersMove(scene: Scene, broadcastId: string | null): Promise<Move> {
  const { wasOptedIn } = await stopOffers(scene.env.ctx, scene.business.id, scene.customerId, broadcastId);
  return goTo({ name: 'menu' }, [say(wasOptedIn ? 'chat.offers.stopped' : 'chat.offers.already_off')]);
}
