import { z } from 'zod';
import { BusinessSchema, MessageTemplateSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { isTemplateKey, placeholdersIn, TEMPLATE_LANGUAGES, TEMPLATE_MAX_LENGTH, unknownPlaceholders, type DefaultWording } from './template-wordings.ts';

/** A template as typed in the panel: which message, in which language, and its text (blank: the default again). */
export const MessageTemplateInput = z.object({
  key: z.string().max(64).refine(isTemplateKey, 'templates_key_unknown'),
  language: z.enum(TEMPLATE_LANGUAGES, { error: 'templates_language_unknown' }),
  body: textField(TEMPLATE_MAX_LENGTH, { tooLong: 'templates_too_long', lines: 'many' }),
});

/**
 * How saving went. `refused`: the text names placeholders the message does not have
 * (`unknown`), next to the `body` field; `allowed` are the ones it has.
 */
export type SaveTemplateResult =
  | { ok: true; now: 'custom' | 'default' }
  | { ok: false; field: 'body'; reason: 'templates_unknown_placeholder'; unknown: string[]; allowed: string[] };

/** The placeholders a message may name: those of its English default. */
export function allowedPlaceholders(defaults: DefaultWording, key: string): string[] {
  return placeholdersIn(defaults('en', key));
}

/**
 * Saves the business's wording of one customer message in one language, or (a blank
 * text) removes it so the default in `locales/` is used again. A text naming a
 * placeholder its English default does not have is refused. Moves the business's
 * template stamp, so every sender's cache reloads; audited as `message_template.saved`
 * or `message_template.reset`.
 */
export async function saveMessageTemplate(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown, defaults: DefaultWording): Promise<SaveTemplateResult> {
  const input = MessageTemplateInput.parse(raw);
  const id = Id.parse(businessId);
  const allowed = allowedPlaceholders(defaults, input.key);
  const unknown = unknownPlaceholders(input.body, allowed);
  if (unknown.length > 0) return { ok: false, field: 'body', reason: 'templates_unknown_placeholder', unknown, allowed };
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOneOrFail(BusinessSchema, { id });
    const now = new Date(ctx.now());
    const existing = await em.findOne(MessageTemplateSchema, { business: id, key: input.key, language: input.language });
    const body = input.body.trim();
    if (body === '') {
      if (existing) em.remove(existing);
    } else if (existing) {
      em.assign(existing, { body, updatedAt: now });
    } else {
      em.create(MessageTemplateSchema, { business: id, key: input.key, language: input.language, body, updatedAt: now });
    }
    // Strictly later than the last stamp, so two saves within a millisecond still differ.
    const last = business.messageTemplatesChangedAt?.getTime() ?? 0;
    business.messageTemplatesChangedAt = new Date(Math.max(now.getTime(), last + 1));
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: body === '' ? 'message_template.reset' : 'message_template.saved',
      entityType: 'message_template',
      entityId: existing?.id ?? id,
      details: { key: input.key, language: input.language },
    });
    return { ok: true, now: body === '' ? 'default' : 'custom' };
  });
}
