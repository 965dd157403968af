import { businessPolicies, type BusinessPolicies } from '../../app/catalog/business-policies.ts';
import { formatReminderOffsets } from '../../app/catalog/reminder-offsets.ts';
import { POLICY_LIMITS, UpdatePoliciesInput, updatePolicies } from '../../app/catalog/update-policies.ts';
import { formatMinuteOfDay } from '../../domain/index.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

/** The policies form's values for the stored rules (blank for a rule that is off). */
function formFrom(p: BusinessPolicies): FormValues {
  const text = (n: number | null) => (n === null ? '' : String(n));
  return {
    minNoticeMinutes: text(p.minNoticeMinutes),
    bookingHorizonDays: text(p.bookingHorizonDays),
    slotStepMinutes: text(p.slotStepMinutes),
    holdMinutes: text(p.holdMinutes),
    paymentMinutes: text(p.paymentMinutes),
    waitlistOfferMinutes: text(p.waitlistOfferMinutes),
    cancelCutoffMinutes: text(p.cancelCutoffMinutes),
    rescheduleCutoffMinutes: text(p.rescheduleCutoffMinutes),
    approvalRequired: p.approvalRequired ? 'on' : '',
    rescheduleAnySpecialist: p.rescheduleAnySpecialist ? 'on' : '',
    autoNoShowAfterMinutes: text(p.autoNoShowAfterMinutes),
    reminderOffsetsMinutes: formatReminderOffsets(p.reminderOffsetsMinutes),
    followUpAfterMinutes: text(p.followUpAfterMinutes),
    digestAtMinute: p.digestAtMinute === null ? '' : formatMinuteOfDay(p.digestAtMinute),
  };
}

/** The policies page's data: each field's hint with its range in the person's language. */
function pageData(request: PanelRequest): Record<string, unknown> {
  const { t } = request.panel;
  const hints = Object.fromEntries(Object.entries(POLICY_LIMITS).map(([field, range]) => [field, t(`panel.settings.policies.hint.${field}`, range)]));
  return { title: t('panel.settings.policies.title'), hints };
}

/** The policies page: booking notice and horizon, holds, payment wait, cutoffs, approval, reminders, follow-up and digest. */
export function policiesRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/policies',
      access: ADMIN,
      handler: async (request, reply) => {
        const policies = await businessPolicies(deps.ctx, request.panel.business!.businessId);
        const saved = (request.query as Record<string, unknown>)['saved'] === '1';
        return renderPage(reply, request, 'settings/policies', pageData(request), { values: formFrom(policies), ...(saved ? { notice: 'panel.settings.saved' } : {}) });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/policies',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const form = parseForm(UpdatePoliciesInput, request.body);
        if (!form.ok) {
          // A checkbox posts its hidden twin too (['', 'on']): show it as ticked again.
          const ticked = (name: string) => ([form.values[name]].flat().includes('on') ? 'on' : '');
          const values = { ...form.values, approvalRequired: ticked('approvalRequired'), rescheduleAnySpecialist: ticked('rescheduleAnySpecialist') };
          return renderPage(reply, request, 'settings/policies', pageData(request), { status: 422, errors: form.errors, values });
        }
        await updatePolicies(deps.ctx, business.businessId, panelActor(request), form.data);
        return seeOther(reply, `/admin/b/${business.slug}/policies?saved=1`);
      },
    },
  ];
}
