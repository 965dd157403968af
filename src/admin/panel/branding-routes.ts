import { businessBranding } from '../../app/catalog/business-branding.ts';
import { businessLogo } from '../../app/catalog/business-logo.ts';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { UpdateBrandingInput, updateBranding } from '../../app/catalog/update-branding.ts';
import { contrastRatio, textColorOn } from './brand-stylesheet.ts';
import { ADMIN, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, uploadedFile, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

/**
 * True when a primary colour makes the panel hard to use: buttons and the current tab
 * hardly stand out on the white page (below WCAG's 3:1 for controls), or even the
 * better of black and white text on it reads poorly (below 4.5:1).
 */
export function poorContrast(primary: string): boolean {
  if (!/^#[0-9a-fA-F]{6}$/.test(primary)) return false;
  return contrastRatio(primary, '#ffffff') < 3 || contrastRatio(primary, textColorOn(primary)) < 4.5;
}

async function brandingPage(deps: PanelDeps, request: PanelRequest, options: { status?: number; errors?: Record<string, string>; values?: FormValues; notice?: string } = {}) {
  const business = request.panel.business!;
  const branding = await businessBranding(deps.ctx, business.businessId);
  const values = options.values ?? { primaryColor: branding.primaryColor.toLowerCase(), accentColor: branding.accentColor.toLowerCase() };
  const primary = String(values['primaryColor'] ?? branding.primaryColor);
  return {
    data: {
      title: request.panel.t('panel.settings.branding.title'),
      branding,
      // Fresh stylesheet and logo links: the layout's are cached for a minute or more.
      brandCss: `/admin/b/${business.slug}/brand.css?v=${branding.primaryColor.slice(1)}${branding.accentColor.slice(1)}`,
      logoUrl: branding.logoType ? `/admin/b/${business.slug}/logo?v=${branding.version}` : null,
      poorContrast: poorContrast(primary),
    },
    options: { ...options, values },
  };
}

/** The branding page (colours with a preview, logo upload and removal) and the logo itself. */
export function brandingRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/branding',
      access: ADMIN,
      handler: async (request, reply) => {
        const saved = (request.query as Record<string, unknown>)['saved'] === '1';
        const page = await brandingPage(deps, request, saved ? { notice: 'panel.settings.saved' } : {});
        return renderPage(reply, request, 'settings/branding', page.data, page.options);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/branding',
      access: ADMIN,
      acceptsUpload: true,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const logo = await uploadedFile(request.body, 'logo');
        const form = parseForm(UpdateBrandingInput, request.body);
        const invalid = async (errors: Record<string, string>, values: FormValues) => {
          const page = await brandingPage(deps, request, { status: 422, errors, values: { primaryColor: '', accentColor: '', ...values } });
          return renderPage(reply, request, 'settings/branding', page.data, page.options);
        };
        if (!form.ok) return invalid(form.errors, form.values);
        try {
          await updateBranding(deps.ctx, business.businessId, panelActor(request), { ...form.data, logo });
        } catch (error) {
          if (error instanceof InvalidField) return invalid({ [error.field]: error.reason }, formValues(request.body));
          throw error;
        }
        return seeOther(reply, `/admin/b/${business.slug}/branding?saved=1`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/logo',
      access: STAFF,
      handler: async (request, reply) => {
        const logo = await businessLogo(deps.ctx, request.panel.business!.businessId);
        if (!logo) return reply.callNotFound();
        return reply.type(logo.type).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=300').send(logo.data);
      },
    },
  ];
}
