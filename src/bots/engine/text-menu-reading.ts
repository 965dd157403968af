import type { Translator } from '../../i18n/translator.ts';
import type { ChatMessage } from './chat-message.ts';
import type { ConversationStep, TextMenuState } from './conversation-state.ts';
import { parseChoiceNumber } from './free-text.ts';
import { notificationAction } from './my-booking-steps.ts';
import { goTo, type Scene, type StepHandler, type StepOutcome } from './step-kit.ts';
import { readTextNavigation, textMenuPage, type TextMenus } from './text-menu.ts';

/**
 * Reads typed text against the numbered menu a channel without buttons showed: the
 * navigation words and numbers first ("0"/"back", "9"/"more", "menu", "help" — on every
 * step, before a step reads the text as its own answer), then a number of the page the
 * customer saw. Null when the text is none of these: the step reads it as usual (a
 * label, a date, a time, a name).
 */
export async function readTextMenu(scene: Scene, handler: StepHandler, step: ConversationStep, text: string, render: () => Promise<ChatMessage>): Promise<StepOutcome | null> {
  const shown = scene.state.textMenu;
  const nav = readTextNavigation(text);
  if (nav === 'menu') return goTo({ name: 'menu' });
  if (nav === 'help') return goTo({ name: 'help' });
  if (nav === 'more' && shown?.more && !shown.global) return { ...goTo(step), textPage: shown.page + 1 };
  if (nav === 'back') {
    if (shown && !shown.global && shown.page > 0) return { ...goTo(step), textPage: shown.page - 1 };
    const back = (await render()).choices.flat().find((c) => 'key' in c.label && c.label.key === 'chat.nav.back');
    // A step's own "back" knows where back is (the day step returns to the booking being moved).
    if (back) return handler.onEvent(scene, step, { kind: 'choice', id: back.id, version: null });
    return goTo({ name: 'menu' });
  }
  // A step whose answer may be a number (a phone) reads every number itself.
  if (!shown || handler.typed === 'answer') return null;
  const index = parseChoiceNumber(text, shown.shown.length);
  const id = index === null ? undefined : shown.shown[index];
  if (id === undefined) return null;
  if (shown.global) return notificationAction(scene, id);
  if (id === 'menu') return goTo({ name: 'menu' });
  return handler.onEvent(scene, step, { kind: 'choice', id, version: null });
}

/** What to remember of the last message's numbered menu, for reading the answer to it. */
export function shownTextMenu(translator: Translator, scene: Scene, messages: readonly ChatMessage[], page: number, menus: TextMenus): TextMenuState {
  const last = messages.at(-1);
  if (!last) return { page: 0, shown: [], more: false, global: false };
  const layout = textMenuPage(translator, scene.language, last, page, menus);
  return { page: layout.page, shown: layout.numbered.map((c) => c.id), more: layout.more, global: false };
}
