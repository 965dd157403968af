import { z } from 'zod';
import { timeZoneChoices } from '../../app/catalog/business-settings.ts';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { listStaff } from '../../app/catalog/list-staff.ts';
import { ownStaffMember } from '../../app/catalog/own-staff-member.ts';
import { removeStaffPhoto } from '../../app/catalog/remove-staff-photo.ts';
import { translationLanguages } from '../../app/catalog/name-translations.ts';
import { saveStaffMember, StaffMemberInput } from '../../app/catalog/save-staff-member.ts';
import { setStaffPhoto } from '../../app/catalog/set-staff-photo.ts';
import { staffPhoto } from '../../app/catalog/staff-photo.ts';
import { staffProfileForm } from '../../app/catalog/staff-profile-form.ts';
import { checkImage, type ImageRejection } from '../../app/shared/uploaded-image.ts';
import { ADMIN, MANAGER, roleAtLeast, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, uploadedFile, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const StaffParams = z.object({ id: z.string().max(64) });
const SavedQuery = z.object({ saved: z.literal('1') });

// What the form says about a refused photo, as keys under `panel.errors`.
const PHOTO_ERRORS: Readonly<Record<ImageRejection, string>> = {
  image_type: 'staff_photo_type',
  image_too_large: 'staff_photo_too_large',
  image_empty: 'staff_photo_empty',
};

/** The staff member id in the URL (any string: the use cases answer not found for a bad one). */
export function staffIdParam(request: PanelRequest): string {
  return StaffParams.safeParse(request.params).data?.id ?? '';
}

/** True after a redirect that says a form was saved. */
export function savedNotice(request: PanelRequest): string | undefined {
  return SavedQuery.safeParse(request.query).success ? 'panel.staff.saved' : undefined;
}

// A checkbox posts '' (its hidden twin) or ['', 'on']: the field partial wants 'on' or ''.
function checkboxValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value : [value]).includes('on') ? 'on' : '';
}

async function profilePage(deps: PanelDeps, request: PanelRequest, staffId: string | undefined, options: { status?: number; errors?: Record<string, string>; values?: FormValues; notice?: string } = {}) {
  const form = await staffProfileForm(deps.ctx, request.panel.business!.businessId, staffId);
  const m = form.member;
  const values: FormValues = options.values
    ? { ...options.values, active: checkboxValue(options.values['active']) }
    : {
        name: m?.name ?? '',
        bio: m?.bio ?? '',
        timeZone: m?.timeZone ?? '',
        dailyBookingCap: m?.dailyBookingCap ? String(m.dailyBookingCap) : '',
        position: m ? String(m.position) : '',
        active: !m || m.active ? 'on' : '',
        serviceIds: m?.serviceIds ?? [],
        userId: m?.userId ?? '',
        ...Object.fromEntries(translationLanguages(form.businessLanguage).map((l) => [`name_${l}`, m?.translations[l]?.name ?? ''])),
      };
  const typed = values['serviceIds'];
  const selected = (Array.isArray(typed) ? typed : typed ? [typed] : []).filter((id) => id !== '');
  const { t } = request.panel;
  // A zone saved before it was renamed stays a choice, so saving does not change it by surprise.
  const current = m?.timeZone;
  const zones = current && !timeZoneChoices().includes(current) ? [current, ...timeZoneChoices()] : timeZoneChoices();
  const zoneOptions = [{ value: '', label: t('panel.staff.zone_business', { zone: form.businessTimeZone }) }, ...zones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))];
  return {
    data: {
      title: m ? m.name : t('panel.staff.new_title'),
      form,
      member: m,
      selected,
      zoneOptions,
      translationLanguages: translationLanguages(form.businessLanguage).map((l) => ({ code: l, label: t(`panel.languages.${l}`) })),
    },
    options: { ...options, values },
  };
}

/**
 * The staff list (managers and up), profiles with the services a person does and their
 * photo (admins and up), the photo itself (the whole team), and "my schedule" for a
 * staff member signed in to the panel. Schedules: `staff-hours-routes.ts`.
 */
export function staffRoutes(deps: PanelDeps): PanelRoute[] {
  const saveProfile = async (request: PanelRequest, reply: Parameters<PanelRoute['handler']>[1], staffId: string | undefined) => {
    const business = request.panel.business!;
    const form = parseForm(StaffMemberInput, request.body);
    const photo = await uploadedFile(request.body, 'photo');
    // A tampered service id is shown on the services list as a whole.
  const errors: Record<string, string> = form.ok ? {} : Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [k.replace(/^serviceIds\..*/, 'serviceIds'), v]));
    const checked = photo ? checkImage(photo) : undefined;
    if (checked && !checked.ok) errors['photo'] = PHOTO_ERRORS[checked.reason];
    const values = formValues(request.body);
    const invalid = async (errs: Record<string, string>) => {
      const page = await profilePage(deps, request, staffId, { status: 422, errors: errs, values });
      return renderPage(reply, request, 'staff/profile', page.data, page.options);
    };
    if (Object.keys(errors).length > 0) return invalid(errors);
    try {
      const { id } = await saveStaffMember(deps.ctx, business.businessId, panelActor(request), values, staffId);
      if (photo) await setStaffPhoto(deps.ctx, business.businessId, panelActor(request), id, photo);
      const base = `/admin/b/${business.slug}/staff/${id}`;
      // A new staff member's next step is their hours.
      return seeOther(reply, staffId === undefined ? `${base}/hours?saved=1` : `${base}?saved=1`);
    } catch (error) {
      if (error instanceof InvalidField) return invalid({ [error.field]: error.reason });
      throw error;
    }
  };

  return [
    {
      method: 'GET',
      url: '/b/:slug/staff',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const staff = await listStaff(deps.ctx, business.businessId);
        const canEditProfiles = roleAtLeast(business.role, 'admin');
        return renderPage(reply, request, 'staff/list', { title: request.panel.t('panel.staff.title'), staff, canEditProfiles });
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/staff/new',
      access: ADMIN,
      handler: async (request, reply) => {
        const page = await profilePage(deps, request, undefined);
        return renderPage(reply, request, 'staff/profile', page.data, page.options);
      },
    },
    { method: 'POST', url: '/b/:slug/staff', access: ADMIN, acceptsUpload: true, handler: (request, reply) => saveProfile(request, reply, undefined) },
    {
      method: 'GET',
      url: '/b/:slug/staff/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const page = await profilePage(deps, request, staffIdParam(request), { notice: savedNotice(request) });
        return renderPage(reply, request, 'staff/profile', page.data, page.options);
      },
    },
    { method: 'POST', url: '/b/:slug/staff/:id', access: ADMIN, acceptsUpload: true, handler: (request, reply) => saveProfile(request, reply, staffIdParam(request)) },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/photo/remove',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const staffId = staffIdParam(request);
        await removeStaffPhoto(deps.ctx, business.businessId, panelActor(request), staffId);
        return seeOther(reply, `/admin/b/${business.slug}/staff/${staffId}?saved=1`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/staff/:id/photo',
      access: STAFF,
      handler: async (request, reply) => {
        const photo = await staffPhoto(deps.ctx, request.panel.business!.businessId, staffIdParam(request));
        if (!photo) return reply.callNotFound();
        return reply.type(photo.type).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache').send(photo.data);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/my-schedule',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const own = await ownStaffMember(deps.ctx, business.businessId, request.panel.user!.id);
        if (own) return seeOther(reply, `/admin/b/${business.slug}/staff/${own.id}/hours`);
        return renderPage(reply, request, 'staff/not-linked', { title: request.panel.t('panel.staff.not_linked_title') });
      },
    },
  ];
}
