import type { Language, Translator } from '../../i18n/translator.ts';
import type { ChatChoice, ChatMessage } from './chat-message.ts';

// Menus read as numbered text, for channels without buttons (SMS, WhatsApp). The engine
// and the text renderer share this file: the renderer draws a page of choices with it,
// and the engine reads a typed number against the same page, so "3" always means the
// third line the customer saw. Telegram never sets `textMenus` and never gets here.

/** How a channel without buttons pages its numbered menus. */
export interface TextMenus {
  /** Most numbered choices on one page (at most 8: "9" is "more", "0" is "back"). */
  perPage: number;
  /** Most characters the numbered lines of one page may take ("1 Haircut · 1 h · $20" plus a line break each). */
  choiceChars: number;
}

/** The typed number that shows the next page of a long menu. */
export const MORE_NUMBER = 9;
/** The typed number that goes back: to the previous page, the step's own back choice, or the menu. */
export const BACK_NUMBER = 0;

/** One page of a message's choices, as a channel without buttons shows it. */
export interface TextMenuPage {
  /** The page shown (clamped to the last page). */
  page: number;
  /** The numbered choices on this page: typing `i + 1` picks `numbered[i]`. */
  numbered: ChatChoice[];
  /** Their labels as printed. */
  labels: string[];
  /** More choices follow on later pages ("9 — more"). */
  more: boolean;
  /** The message's own back choice (label `chat.nav.back`): "0 — back" picks it on the first page. */
  back: ChatChoice | null;
  /** The message's "menu" choice: "0 — menu" when there is no back choice. */
  menu: ChatChoice | null;
}

/** True for the navigation choices "0" stands for: they are not numbered. */
function isBack(c: ChatChoice): boolean {
  return 'key' in c.label && c.label.key === 'chat.nav.back';
}
function isMenu(c: ChatChoice): boolean {
  return c.id === 'menu' && 'key' in c.label && c.label.key === 'chat.nav.menu';
}

// Pictographs and their joiners/variation selectors: a number replaces a button's icon,
// and each one costs an SMS two characters and forces UCS-2 on an otherwise Latin text.
const ICONS = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{FE0F}\u{200D}\u{20E3}\u2190-\u21FF\u25C0\u25B6]/gu;

/** A button's label as text: its icons taken off ("📅 Book" → "Book"); an icon-only label stays. */
export function withoutIcons(text: string): string {
  const plain = text.replace(ICONS, '').replace(/\s+/gu, ' ').trim();
  return plain === '' ? text.trim() : plain;
}

/** A choice's label as a text menu prints it: translated, icons taken off. */
export function textChoiceLabel(translator: Translator, language: Language, c: ChatChoice): string {
  return withoutIcons('raw' in c.label ? c.label.raw : translator.t(language, c.label.key, c.label.params));
}

/** A numbered line: "3 Haircut · 1 h · $20". */
export function numberedLine(n: number, label: string): string {
  return `${n} ${label}`;
}

/**
 * Pages a message's choices: the back and menu choices become "0", the rest are cut into
 * pages of at most `perPage` whose numbered lines fit `choiceChars` (a page always has
 * at least one choice, so a very long label still gets its own page). Pages depend on
 * the choices alone, never on the lines above them, so the engine finds the same page
 * when the customer answers.
 */
export function textMenuPage(translator: Translator, language: Language, message: ChatMessage, page: number, menus: TextMenus): TextMenuPage {
  const all = message.choices.flat();
  const back = all.find(isBack) ?? null;
  const menu = all.find(isMenu) ?? null;
  const rest = all.filter((c) => !isBack(c) && !isMenu(c));
  const labels = rest.map((c) => textChoiceLabel(translator, language, c));
  const perPage = Math.max(1, Math.min(menus.perPage, MORE_NUMBER - 1));
  const starts: number[] = [];
  for (let at = 0; at < rest.length; ) {
    starts.push(at);
    let used = 0;
    let taken = 0;
    while (at < rest.length && taken < perPage) {
      const cost = numberedLine(taken + 1, labels[at]!).length + 1;
      if (taken > 0 && used + cost > menus.choiceChars) break;
      used += cost;
      taken += 1;
      at += 1;
    }
  }
  const last = Math.max(0, starts.length - 1);
  const shown = Math.min(Math.max(0, Math.trunc(page)), last);
  const from = starts[shown] ?? 0;
  const to = starts[shown + 1] ?? rest.length;
  return { page: shown, numbered: rest.slice(from, to), labels: labels.slice(from, to), more: shown < last, back, menu };
}

/** What the engine keeps of the text menu a customer was shown (stored in the conversation state). */
export interface ShownTextMenu {
  page: number;
  /** Choice ids by typed number − 1. */
  shown: string[];
  more: boolean;
}

/** The navigation words a customer may type on any step, in any of the four languages. */
export type TextNavigation = 'back' | 'menu' | 'help' | 'more';

const NAVIGATIONS: readonly TextNavigation[] = ['back', 'menu', 'help', 'more'];
const WORDS: Record<TextNavigation, readonly string[]> = {
  back: ['back', 'назад', 'артқа', 'кері', 'қайту'],
  menu: ['menu', 'main menu', 'меню', 'главное меню', 'головне меню', 'мәзір', 'басты мәзір'],
  help: ['help', '?', 'помощь', 'помогите', 'допомога', 'довідка', 'көмек', 'анықтама'],
  more: ['more', 'next', 'ещё', 'еще', 'дальше', 'далее', 'ще', 'далі', 'тағы', 'келесі', 'әрі қарай'],
};

/**
 * Reads a navigation word or number: "0" and the back words, "9" and the more words,
 * the menu and help words. Case and punctuation around are ignored; nothing else is.
 */
export function readTextNavigation(text: string): TextNavigation | null {
  if (text.length > 40) return null;
  const plain = text
    .normalize('NFC')
    .toLocaleLowerCase('ru')
    .replace(/[\uFE0F\u20E3]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (plain === '?') return 'help';
  const word = plain.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (word === String(BACK_NUMBER)) return 'back';
  if (word === String(MORE_NUMBER)) return 'more';
  return NAVIGATIONS.find((nav) => WORDS[nav].includes(word)) ?? null;
}
