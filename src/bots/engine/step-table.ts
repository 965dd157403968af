import { alternativesStep, dayFullStep, serviceStep, staffStep } from './booking-steps.ts';
import { dayStep } from './day-step.ts';
import { serviceAboutStep } from './service-about-step.ts';
import { timeStep } from './time-step.ts';
import { nameStep, phoneStep, promoStep, summaryStep } from './checkout-steps.ts';
import { payStep } from './payment-steps.ts';
import { notificationSettingsStep } from './notification-settings-step.ts';
import { detailsStep, guestStep, noteStep } from './summary-edit-steps.ts';
import { askTeamStep, helpStep, languageStep, menuStep, talkStep } from './menu-steps.ts';
import { bookingsStep, bookingStep, cancelConfirmStep, moveConfirmStep, reviewCommentStep } from './my-booking-steps.ts';
import { seriesCancelStep, seriesCountStep, seriesEveryStep, seriesPreviewStep } from './series-steps.ts';
import type { ConversationStep } from './conversation-state.ts';
import type { StepHandler, StepTable } from './step-kit.ts';

/** Every step of every flow, by name. */
export const STEPS: StepTable = {
  menu: menuStep,
  language: languageStep,
  help: helpStep,
  talk: talkStep,
  notifications: notificationSettingsStep,
  ask_team: askTeamStep,
  service: serviceStep,
  service_about: serviceAboutStep,
  staff: staffStep,
  day: dayStep,
  time: timeStep,
  alternatives: alternativesStep,
  day_full: dayFullStep,
  name: nameStep,
  phone: phoneStep,
  promo: promoStep,
  summary: summaryStep,
  details: detailsStep,
  note: noteStep,
  guest: guestStep,
  pay: payStep,
  bookings: bookingsStep,
  booking: bookingStep,
  cancel_confirm: cancelConfirmStep,
  move_confirm: moveConfirmStep,
  review_comment: reviewCommentStep,
  series_every: seriesEveryStep,
  series_count: seriesCountStep,
  series_preview: seriesPreviewStep,
  series_cancel: seriesCancelStep,
};

/** The handler of a step (the table is keyed by name, so it fits its step). */
export function handlerFor(step: ConversationStep): StepHandler {
  return STEPS[step.name] as StepHandler;
}
