import type { SpecialistRating } from '../../app/catalog/staff-for-service.ts';
import { addDays, formatDateTime, formatTime, localDateOf, localeTag } from './chat-formatting.ts';
import { raw, say, type ChatText } from './chat-message.ts';
import type { Scene } from './step-kit.ts';

/**
 * A specialist's button on the specialist step: their name, what customers rated them
 * and their soonest free time for the service — "Dana ⭐4.8 (23) · today 15:30" — so
 * the choice between people is made on something, not on names alone. Nobody reviewed
 * yet: no stars; nothing free within the horizon: no time.
 */
export function specialistLabel(scene: Scene, name: string, rating: SpecialistRating | undefined, earliest: number | undefined): ChatText {
  const staff = rating ? `${name} ⭐${ratingText(rating.average, scene)} (${rating.reviews})` : name;
  if (earliest === undefined) return raw(staff);
  const zone = scene.business.timeZone;
  const today = localDateOf(scene.now, zone);
  const date = localDateOf(earliest, zone);
  const time = formatTime(earliest, zone, scene.language);
  if (date === today) return say('chat.catalog.staff_free_today', { staff, time });
  if (date === addDays(today, 1)) return say('chat.catalog.staff_free_tomorrow', { staff, time });
  return raw(`${staff} · ${formatDateTime(earliest, zone, scene.language)}`);
}

// One decimal, in the customer's own way of writing it ("4.8", "4,8").
function ratingText(average: number, scene: Scene): string {
  return new Intl.NumberFormat(localeTag(scene.language), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average);
}
