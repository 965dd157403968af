import type { FastifyReply } from 'fastify';
import type { FormValues } from './panel-form.ts';
import type { PanelRequest } from './panel-route.ts';
import { renderPage } from './panel-view.ts';

/** The wizard's steps, in order: the business, its contacts, services, staff, then "connect your bot". */
export const WIZARD_STEPS = ['business', 'contact', 'services', 'staff', 'done'] as const;
/** One of {@link WIZARD_STEPS}. */
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Where a step lives: step 1 is `/admin/new` until the business exists. */
export function stepHref(step: WizardStep, slug: string | undefined): string | undefined {
  if (!slug) return step === 'business' ? '/admin/new' : undefined;
  return step === 'business' ? `/admin/b/${slug}/setup` : `/admin/b/${slug}/setup/${step}`;
}

/** The step after `step`. */
export function nextStep(step: WizardStep): WizardStep {
  return WIZARD_STEPS[Math.min(WIZARD_STEPS.indexOf(step) + 1, WIZARD_STEPS.length - 1)]!;
}

/** The step before `step`. */
export function previousStep(step: WizardStep): WizardStep {
  return WIZARD_STEPS[Math.max(WIZARD_STEPS.indexOf(step) - 1, 0)]!;
}

/** What the progress indicator shows: each step's number, name and link, and which one is open. */
export function wizardProgress(request: PanelRequest, step: WizardStep) {
  const { t, business } = request.panel;
  const slug = business?.slug;
  const index = WIZARD_STEPS.indexOf(step);
  return {
    number: index + 1,
    total: WIZARD_STEPS.length,
    title: t(`panel.onboarding.steps.${step}`),
    steps: WIZARD_STEPS.map((s, i) => ({ number: i + 1, label: t(`panel.onboarding.steps.${s}`), href: stepHref(s, slug), current: s === step, done: i < index })),
    back: index > 0 ? stepHref(previousStep(step), slug) : undefined,
    // Every step after the first may be skipped.
    skip: index > 0 && index < WIZARD_STEPS.length - 1 ? stepHref(nextStep(step), slug) : undefined,
  };
}

/** Renders a wizard step's page (`views/onboarding/<step>.eta`) with its progress. */
export function renderStep(
  reply: FastifyReply,
  request: PanelRequest,
  step: WizardStep,
  data: Record<string, unknown>,
  options: { status?: number; errors?: Record<string, string>; values?: FormValues; notice?: string } = {},
): Promise<FastifyReply> {
  const progress = wizardProgress(request, step);
  const title = request.panel.t('panel.onboarding.step_title', { number: progress.number, total: progress.total, title: progress.title });
  return renderPage(reply, request, `onboarding/${step}`, { ...data, progress, title }, options);
}
