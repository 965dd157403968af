import { stopOffers } from '../../app/broadcasts/stop-offers.ts';
import { notificationSettings, setNotificationSettings } from '../../app/customers/set-notification-settings.ts';
import { CHANNELS } from '../../db/entities/index.ts';
import { choice, message, say, type ChatChoice, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { chosen, goTo, idAfter, type StepHandler } from './step-kit.ts';

// Product names, the same in every language.
const CHANNEL_NAMES: Record<(typeof CHANNELS)[number], string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', sms: 'SMS', webchat: 'Web chat' };

/**
 * The customer's notification settings: reminders, thank-you/review messages and offers
 * (the business's broadcasts; off until asked for) on or off, and — with chats on several channels — which one gets them. Each press saves and
 * shows the settings again.
 */
export const notificationSettingsStep: StepHandler<Step<'notifications'>> = {
  async render(scene) {
    const s = await notificationSettings(scene.env.ctx, scene.business.id, scene.customerId);
    const lines: ChatText[] = [
      say('chat.notifications.title'),
      say(s.remindersOff ? 'chat.notifications.reminders_off' : 'chat.notifications.reminders_on'),
      say(s.followUpsOff ? 'chat.notifications.follow_ups_off' : 'chat.notifications.follow_ups_on'),
      say(s.marketingOptIn ? 'chat.offers.settings_on' : 'chat.offers.settings_off'),
    ];
    const choices: ChatChoice[][] = [
      [choice('rem', say(s.remindersOff ? 'chat.notifications.turn_reminders_on' : 'chat.notifications.turn_reminders_off'))],
      [choice('fup', say(s.followUpsOff ? 'chat.notifications.turn_follow_ups_on' : 'chat.notifications.turn_follow_ups_off'))],
      [choice('mkt', say(s.marketingOptIn ? 'chat.offers.turn_off' : 'chat.offers.turn_on'))],
    ];
    if (s.channels.length > 1) {
      const current = s.notifyChannel ?? scene.env.address.channel;
      lines.push(say('chat.notifications.channel_now', { channel: CHANNEL_NAMES[current as keyof typeof CHANNEL_NAMES] ?? current }));
      const others = s.channels.filter((c) => c !== current);
      choices.push(...others.map((c) => [choice(`to:${c}`, say('chat.notifications.send_to', { channel: CHANNEL_NAMES[c as keyof typeof CHANNEL_NAMES] ?? c }))]));
    }
    return message(lines, [...choices, [choice('menu', say('chat.nav.menu'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    const ctx = scene.env.ctx;
    const current = await notificationSettings(ctx, scene.business.id, scene.customerId);
    if (id === 'rem') await setNotificationSettings(ctx, scene.business.id, { customerId: scene.customerId, remindersOff: !current.remindersOff });
    else if (id === 'fup') await setNotificationSettings(ctx, scene.business.id, { customerId: scene.customerId, followUpsOff: !current.followUpsOff });
    // Turning offers off here is the same as STOP: the last broadcast counts it.
    else if (id === 'mkt' && current.marketingOptIn) await stopOffers(ctx, scene.business.id, scene.customerId);
    else if (id === 'mkt') await setNotificationSettings(ctx, scene.business.id, { customerId: scene.customerId, marketingOptIn: true });
    else {
      const channel = CHANNELS.find((c) => c === idAfter(id, 'to'));
      if (!channel || !current.channels.includes(channel)) return 'not_understood';
      await setNotificationSettings(ctx, scene.business.id, { customerId: scene.customerId, notifyChannel: channel });
    }
    return goTo(step, [say('chat.notifications.saved')]);
  },
};
