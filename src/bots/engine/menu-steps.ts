import { forwardToTeam } from '../../app/conversations/forward-to-team.ts';
import { lastVisit, type LastVisit } from '../../app/customers/last-visit.ts';
import { updateCustomer } from '../../app/customers/update-customer.ts';
import { LANGUAGES, type Language } from '../../i18n/translator.ts';
import { choice, message, raw, rows, say, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { firstDayStep } from './booking-steps.ts';
import { chosen, goTo, idAfter, type Scene, type StepHandler } from './step-kit.ts';
import { clipText } from './clip-text.ts';

const LAST_VISIT = 'last-visit';

/** The customer's card was made in this event: no visit to offer again, nothing to read. */
export function noVisitsYet(scene: Scene): void {
  void scene.once(LAST_VISIT, () => Promise.resolve(null));
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский', uk: 'Українська', kk: 'Қазақша' };

/**
 * The main menu. A returning customer finds "Book again: Haircut with Dana" on top: it
 * opens the days of their last visit's service with that specialist, so with their name
 * and phone already known it is /start → Book again → day → time → Confirm.
 */
export const menuStep: StepHandler<Step<'menu'>> = {
  async render(scene) {
    const again = await lastVisitOf(scene);
    const top = again ? [[choice('again', say('chat.times.book_again', { service: again.serviceName, staff: again.staffName }))]] : [];
    return message(
      [say('chat.menu.prompt')],
      [
        ...top,
        ...rows(
          [
            choice('book', say('chat.menu.book')),
            choice('my', say('chat.menu.my_bookings')),
            choice('talk', say('chat.menu.talk')),
            choice('lang', say('chat.menu.language')),
            choice('help', say('chat.menu.help')),
            choice('notify', say('chat.menu.notifications')),
          ],
          2,
        ),
      ],
    );
  },
  async onEvent(scene, _step, event) {
    // A question typed at the menu ("do you have parking?") is offered to a person, not "didn't catch that".
    if (event.kind === 'text' && looksLikeAQuestion(event.text)) return goTo({ name: 'ask_team', text: clipText(event.text.trim(), 1000) });
    switch (chosen(event)) {
      case 'again': {
        const again = await lastVisitOf(scene);
        return again ? goTo(firstDayStep(scene, again.serviceId, again.staffId, null)) : 'not_understood';
      }
      case 'book':
        return goTo({ name: 'service' });
      case 'my':
        return goTo({ name: 'bookings' });
      case 'talk':
        return goTo({ name: 'talk' });
      case 'lang':
        return goTo({ name: 'language', resume: null });
      case 'help':
        return goTo({ name: 'help' });
      case 'notify':
        return goTo({ name: 'notifications' });
      default:
        return 'not_understood';
    }
  },
};

function lastVisitOf(scene: Scene): Promise<LastVisit | null> {
  return scene.once(LAST_VISIT, () => lastVisit(scene.env.ctx, scene.business.id, scene.customerId));
}

// Words, not a stray number or a greeting: several words, or a question mark.
function looksLikeAQuestion(text: string): boolean {
  const trimmed = text.trim();
  return /\p{L}/u.test(trimmed) && (trimmed.includes('?') || trimmed.split(/\s+/).length >= 3);
}

/** "Shall I pass this on?" — the text typed at the menu, sent to the team with one tap. */
export const askTeamStep: StepHandler<Step<'ask_team'>> = {
  async render(_scene, step) {
    return message([say('chat.ask.offer'), raw(`“${step.text}”`)], [[choice('send', say('chat.ask.send'))], [choice('menu', say('chat.nav.menu'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'menu') return goTo({ name: 'menu' });
    if (id !== 'send') return 'not_understood';
    await forwardToTeam(scene.env.ctx, scene.business.id, { customerId: scene.customerId, text: step.text });
    // On in "talk to a person": more words go the same way.
    return goTo({ name: 'talk' }, [say('chat.talk.sent')]);
  },
};

/**
 * Language choice. Opened in the middle of a flow (`/language` at checkout), it keeps
 * that step — its hold too — and goes back to it, now in the chosen language.
 */
export const languageStep: StepHandler<Step<'language'>> = {
  async render() {
    return message([say('chat.language.pick')], [...rows(LANGUAGES.map((l) => choice(`lang:${l}`, raw(LANGUAGE_NAMES[l]))), 2), [choice('back', say('chat.nav.back'))]]);
  },
  async onEvent(scene, step, event) {
    const back = step.resume ?? { name: 'menu' };
    if (chosen(event) === 'back') return goTo(back);
    const picked = idAfter(chosen(event), 'lang');
    const language = LANGUAGES.find((l) => l === picked);
    if (!language) return 'not_understood';
    await updateCustomer(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { customerId: scene.customerId, locale: language });
    return { next: back, notes: [say('chat.language.changed')], language };
  },
};

/**
 * What the bot can do, then "About us": the business's description, address and phone,
 * a map link, and the place itself where the channel shows one (a Telegram venue).
 */
export const helpStep: StepHandler<Step<'help'>> = {
  async render(scene) {
    const about = scene.business.about;
    const lines: ChatText[] = [say('chat.help.text', { business: scene.business.name })];
    const facts = [about.description, about.address ? `📍 ${about.address}` : '', about.phone ? `📞 ${about.phone}` : ''].filter((fact) => fact !== '');
    if (facts.length > 0) lines.push(say('chat.about.title', { business: scene.business.name }), ...facts.map(raw));
    const choices = [[choice('book', say('chat.menu.book')), choice('menu', say('chat.nav.menu'))]];
    return message(lines, choices, {
      ...(about.mapUrl ? { links: [{ label: say('chat.confirmation.map'), url: about.mapUrl }] } : {}),
      ...(about.location ? { venue: { ...about.location, title: scene.business.name, address: about.address } } : {}),
    });
  },
  async onEvent(_scene, _step, event) {
    return chosen(event) === 'book' ? goTo({ name: 'service' }) : 'not_understood';
  },
};

/** Talk to a person: each message goes to the team chat; replies come back here. */
export const talkStep: StepHandler<Step<'talk'>> = {
  typed: 'own',
  reprompt: 'chat.talk.reprompt',
  async render() {
    return message([say('chat.talk.prompt')], [[choice('menu', say('chat.nav.menu'))]]);
  },
  async onEvent(scene, step, event) {
    if (event.kind !== 'text' || event.text.trim() === '') return 'not_understood';
    await forwardToTeam(scene.env.ctx, scene.business.id, { customerId: scene.customerId, text: clipText(event.text, 3000) });
    return goTo(step, [say('chat.talk.sent')]);
  },
};
