import { MessageTemplateSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { allowedPlaceholders } from './save-message-template.ts';
import { TEMPLATE_WORDINGS, type DefaultWording, type TemplateLanguage, type TemplateWording } from './template-wordings.ts';

/** One customer message on the templates page: its default, the business's own text, and its placeholders. */
export interface TemplateRow extends TemplateWording {
  /** The wording in `locales/` for the language, placeholders unfilled. */
  defaultText: string;
  /** The business's own text; '' when it uses the default. */
  custom: string;
  updatedAt: Date | null;
  placeholders: string[];
}

/** Every message a business may word itself, in one language, with its own text where it has one. */
export async function listMessageTemplates(ctx: UseCaseContext, businessId: string, language: TemplateLanguage, defaults: DefaultWording): Promise<TemplateRow[]> {
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id).find(MessageTemplateSchema, { business: id, language });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return TEMPLATE_WORDINGS.map((w) => ({
    ...w,
    defaultText: defaults(language, w.key),
    custom: byKey.get(w.key)?.body ?? '',
    updatedAt: byKey.get(w.key)?.updatedAt ?? null,
    placeholders: allowedPlaceholders(defaults, w.key),
  }));
}
