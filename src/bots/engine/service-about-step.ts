import { serviceChoice, servicesOf, startWithService } from './booking-steps.ts';
import { formatDuration, formatPrice } from './chat-formatting.ts';
import { choice, message, raw, rows, say } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { chosen, goTo, uuidAfter, type StepHandler } from './step-kit.ts';

/**
 * What each service is, asked for from the service step ("ℹ️ About the services"): every
 * service with its length, price and description in the customer's language, and the
 * same buttons to book one straight from here.
 */
export const serviceAboutStep: StepHandler<Step<'service_about'>> = {
  async render(scene) {
    const services = await servicesOf(scene);
    const lines = services.map((s) => {
      const head = `• ${s.name} · ${formatDuration(s.durationMinutes, scene.language)} · ${formatPrice(s.priceMinor, s.currency, scene.language)}`;
      return raw(s.description === '' ? head : `${head}\n${s.description}`);
    });
    return message([say('chat.catalog.about_title'), ...lines], [...rows(services.map((s) => serviceChoice(scene, s)), 1), [choice('back', say('chat.nav.back'))]]);
  },
  async onEvent(scene, _step, event) {
    if (chosen(event) === 'back') return goTo({ name: 'service' });
    const serviceId = uuidAfter(chosen(event), 'svc');
    if (!serviceId) return 'not_understood';
    return startWithService(scene, serviceId);
  },
};
