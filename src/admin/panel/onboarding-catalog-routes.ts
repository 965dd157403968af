import type { FastifyReply } from 'fastify';
import { formatMoney } from '../../app/catalog/currency-amount.ts';
import { getBusinessSetup, type BusinessSetup } from '../../app/catalog/get-business-setup.ts';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { saveService, ServiceInput } from '../../app/catalog/save-service.ts';
import { saveStaffMember, StaffMemberInput } from '../../app/catalog/save-staff-member.ts';
import { setWeeklyHours, WEEKDAYS, WeeklyHoursInput } from '../../app/catalog/set-weekly-hours.ts';
import { panelActor } from './panel-route.ts';
import { renderStep, stepHref } from './onboarding-steps.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { seeOther } from './panel-view.ts';

// A new specialist's week: Monday to Friday with a lunch break, the weekend off.
const WORKDAY = '09:00-13:00, 14:00-18:00';
const DEFAULT_HOURS: Readonly<Record<string, string>> = { d1: WORKDAY, d2: WORKDAY, d3: WORKDAY, d4: WORKDAY, d5: WORKDAY, d6: '', d7: '' };

const SERVICE_FIELDS = ['name', 'durationMinutes', 'price', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'depositKind', 'depositAmount'] as const;
const DEFAULT_SERVICE: Readonly<Record<(typeof SERVICE_FIELDS)[number], string>> = {
  name: '',
  durationMinutes: '60',
  price: '',
  bufferBeforeMinutes: '0',
  bufferAfterMinutes: '0',
  depositKind: 'none',
  depositAmount: '',
};

type Options = { status?: number; errors?: Record<string, string>; values?: FormValues; notice?: string };

// After "save and add another": the step again, saying the last one was saved.
const addedNotice = (request: PanelRequest, key: string): Options => (Object.hasOwn(request.query as object, 'added') ? { notice: key } : {});

// Weekday names in the page's language (Monday = 1), from a known Monday.
function weekdayNames(language: string): { field: string; label: string }[] {
  const format = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
  return WEEKDAYS.map((weekday) => ({ field: `d${weekday}`, label: format.format(Date.UTC(2024, 0, weekday)) }));
}

function servicesPage(reply: FastifyReply, request: PanelRequest, setup: BusinessSetup, options: Options = {}) {
  const services = setup.services.map((s) => ({ ...s, price: formatMoney(s.priceMinor, s.currency, request.panel.language) }));
  return renderStep(reply, request, 'services', { form: DEFAULT_SERVICE, services, currency: setup.profile.currency }, options);
}

function staffPage(reply: FastifyReply, request: PanelRequest, setup: BusinessSetup, options: Options = {}) {
  const userId = request.panel.user?.id;
  // "I work alone" is offered while the signed-in user is not a specialist yet.
  const canAddSelf = !setup.staff.some((m) => m.userId === userId);
  const picked = options.values?.['serviceIds'];
  const chosen = picked === undefined ? setup.services.map((s) => s.id) : Array.isArray(picked) ? picked : [picked];
  const who = String(options.values?.['who'] ?? (canAddSelf && setup.staff.length === 0 ? 'me' : 'other'));
  return renderStep(
    reply,
    request,
    'staff',
    { hours: DEFAULT_HOURS, weekdays: weekdayNames(request.panel.language), services: setup.services, chosen, staff: setup.staff, canAddSelf, who },
    options,
  );
}

/** The wizard's third and fourth steps: the first services, then specialists and their weekly hours. */
export function onboardingCatalogRoutes(deps: PanelDeps): PanelRoute[] {
  const setupOf = (request: PanelRequest) => getBusinessSetup(deps.ctx, request.panel.business!.businessId);
  return [
    {
      method: 'GET',
      url: '/b/:slug/setup/services',
      access: ADMIN,
      handler: async (request, reply) => servicesPage(reply, request, await setupOf(request), addedNotice(request, 'panel.onboarding.services.added')),
    },
    {
      method: 'POST',
      url: '/b/:slug/setup/services',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const values = formValues(request.body);
        const then = values['then'] === 'another' ? 'services' : 'staff';
        // "Next" with nothing typed moves on without a service.
        if (then === 'staff' && String(values['name'] ?? '').trim() === '') return seeOther(reply, stepHref('staff', business.slug)!);
        const fields = Object.fromEntries(SERVICE_FIELDS.map((f) => [f, values[f]]));
        const form = parseForm(ServiceInput, fields);
        if (!form.ok) return servicesPage(reply, request, await setupOf(request), { status: 422, errors: form.errors, values });
        try {
          await saveService(deps.ctx, business.businessId, panelActor(request), fields);
        } catch (error) {
          if (!(error instanceof InvalidField)) throw error;
          return servicesPage(reply, request, await setupOf(request), { status: 422, errors: { [error.field]: error.reason }, values });
        }
        return seeOther(reply, `${stepHref(then, business.slug)!}${then === 'services' ? '?added=1' : ''}`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/setup/staff',
      access: ADMIN,
      handler: async (request, reply) => staffPage(reply, request, await setupOf(request), addedNotice(request, 'panel.onboarding.staff.added')),
    },
    {
      method: 'POST',
      url: '/b/:slug/setup/staff',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const user = request.panel.user!;
        const values = formValues(request.body);
        const then = values['then'] === 'another' ? 'staff' : 'done';
        const alone = values['who'] === 'me';
        if (then === 'done' && !alone && String(values['name'] ?? '').trim() === '') return seeOther(reply, stepHref('done', business.slug)!);
        const profile = { name: alone ? user.name : values['name'], serviceIds: values['serviceIds'] ?? [], ...(alone ? { userId: user.id } : {}) };
        const hours = Object.fromEntries(WEEKDAYS.map((d) => [`d${d}`, values[`d${d}`] ?? '']));
        const member = parseForm(StaffMemberInput, profile);
        const week = parseForm(WeeklyHoursInput, hours);
        if (!member.ok || !week.ok) {
          const errors = { ...(member.ok ? {} : member.errors), ...(week.ok ? {} : week.errors) };
          return staffPage(reply, request, await setupOf(request), { status: 422, errors, values });
        }
        let staffId: string;
        try {
          staffId = (await saveStaffMember(deps.ctx, business.businessId, panelActor(request), profile)).id;
        } catch (error) {
          if (!(error instanceof InvalidField)) throw error;
          const field = error.field === 'userId' ? 'who' : error.field;
          return staffPage(reply, request, await setupOf(request), { status: 422, errors: { [field]: error.reason }, values });
        }
        await setWeeklyHours(deps.ctx, business.businessId, panelActor(request), staffId, hours);
        return seeOther(reply, `${stepHref(then, business.slug)!}${then === 'staff' ? '?added=1' : ''}`);
      },
    },
  ];
}
