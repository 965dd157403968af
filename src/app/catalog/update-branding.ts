import { z } from 'zod';
import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import { dropUpload, storeUpload, uploadKeys } from '../shared/uploaded-file-keys.ts';
import { checkImage, type ImageRejection } from '../shared/uploaded-image.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { checkboxField } from './form-fields.ts';
import { InvalidField } from './invalid-field.ts';

/** A colour as `#RRGGBB` (upper case, as stored); `<input type="color">` sends lower case. */
const colorField = () =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string({ error: 'branding_color_invalid' }).regex(/^#[0-9A-F]{6}$/, 'branding_color_invalid'));

/**
 * New branding: both colours, and optionally a new logo (its bytes, checked here by
 * content) or `removeLogo`. A logo given wins over `removeLogo`.
 */
export const UpdateBrandingInput = z.object({
  primaryColor: colorField(),
  accentColor: colorField(),
  removeLogo: checkboxField(false),
  logo: z.instanceof(Uint8Array).optional(),
});

// What the panel says about a refused logo, as keys under `panel.errors`.
const LOGO_ERRORS: Readonly<Record<ImageRejection, string>> = {
  image_type: 'branding_logo_type',
  image_too_large: 'branding_logo_too_large',
  image_empty: 'branding_logo_empty',
};

/** What {@link updateBranding} changed. */
export interface BrandingUpdate {
  changed: ('primaryColor' | 'accentColor' | 'logo')[];
}

/**
 * Sets a business's colours and logo. A logo must be PNG, JPEG or WebP of at most
 * 1 MiB by its content (a text file named `logo.png` or an SVG is refused with an
 * {@link InvalidField} on `logo`, and nothing changes). Writes
 * `business.branding_updated` to the audit log with what changed (the logo's type and
 * size, never its bytes); nothing changed writes nothing.
 */
export async function updateBranding(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown): Promise<BrandingUpdate> {
  const input = UpdateBrandingInput.parse(raw);
  const id = Id.parse(businessId);
  const image = input.logo ? checkImage(input.logo) : null;
  if (image && !image.ok) throw new InvalidField('logo', LOGO_ERRORS[image.reason]);
  // With object storage the logo is stored first, so the row never names a missing file.
  const logoColumn = image?.ok && input.logo ? await storeUpload(ctx, uploadKeys.logo(id), input.logo, image.type) : null;
  let removedLogo = false;
  const update = await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOne(BusinessSchema, { id });
    if (!business) throw new NotFound('business');
    const changed: BrandingUpdate['changed'] = [];
    const details: Record<string, unknown> = {};
    if (business.brandPrimaryColor !== input.primaryColor) {
      changed.push('primaryColor');
      details['primaryColor'] = { from: business.brandPrimaryColor, to: input.primaryColor };
      business.brandPrimaryColor = input.primaryColor;
    }
    if (business.brandAccentColor !== input.accentColor) {
      changed.push('accentColor');
      details['accentColor'] = { from: business.brandAccentColor, to: input.accentColor };
      business.brandAccentColor = input.accentColor;
    }
    if (image?.ok && input.logo) {
      changed.push('logo');
      details['logo'] = { action: 'uploaded', type: image.type, bytes: input.logo.length };
      business.logo = logoColumn;
      business.logoType = image.type;
    } else if (input.removeLogo && business.logoType !== null) {
      changed.push('logo');
      details['logo'] = { action: 'removed' };
      business.logo = null;
      business.logoType = null;
      removedLogo = true;
    }
    if (changed.length > 0) recordAudit(em, ctx.now(), { businessId: id, actor, action: 'business.branding_updated', entityType: 'business', entityId: id, details });
    return { changed };
  });
  if (removedLogo) await dropUpload(ctx, uploadKeys.logo(id));
  return update;
}
