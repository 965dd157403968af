// Short answers a customer types instead of pressing a button — "yes", "no", "skip",
// "cancel" — in any of the four languages, whatever language the chat is in (people
// answer in the language they think in). Pure; steps decide what each means where.

/** A short typed answer. */
export type TypedAnswer = 'yes' | 'no' | 'skip' | 'cancel';

const ANSWERS: Record<TypedAnswer, readonly string[]> = {
  yes: ['yes', 'y', 'yep', 'yeah', 'ok', 'okay', 'sure', 'confirm', 'да', 'ага', 'ок', 'окей', 'хорошо', 'подтверждаю', 'подтвердить', 'так', 'добре', 'підтверджую', 'підтвердити', 'иә', 'ия', 'жарайды', 'растау', 'мақұл'],
  no: ['no', 'nope', 'нет', 'не', 'ні', 'жоқ'],
  skip: ['skip', 'no code', 'пропустить', 'пропуск', 'без кода', 'нет кода', 'пропустити', 'без коду', 'немає', 'өткізу', 'өткізіп жіберу', 'кодсыз', 'код жоқ'],
  cancel: ['cancel', 'отмена', 'отменить', 'отмени', 'скасувати', 'скасуй', 'відміна', 'бас тарту', 'болдырмау', 'тоқтату'],
};
const ORDER: readonly TypedAnswer[] = ['yes', 'no', 'skip', 'cancel'];

// Thumbs up (any skin tone) and check marks mean yes; a thumbs down means no.
const YES_ICONS = /^(?:\u{1F44D}|\u{2705}|\u{2714}|\u{1F44C}|\u{1F197})$/u;
const NO_ICONS = /^(?:\u{1F44E}|\u{274C}|\u{2716})$/u;

/**
 * Reads a short answer: the whole message must be one of the words (case, ё/е and
 * punctuation around ignored: "Yes!", "Отмена.") or a 👍/👎-style icon. Anything longer
 * is not an answer, so "no problem, 14:00" is never read as "no".
 */
export function readTypedAnswer(text: string): TypedAnswer | null {
  if (text.length > 40) return null;
  const plain = text.normalize('NFC').toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/gu, ' ').trim();
  const icon = plain.replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, '');
  if (YES_ICONS.test(icon)) return 'yes';
  if (NO_ICONS.test(icon)) return 'no';
  const word = plain.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return ORDER.find((answer) => ANSWERS[answer].includes(word)) ?? null;
}
