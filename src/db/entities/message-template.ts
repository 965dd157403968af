import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/**
 * The business's own wording of one customer message (a confirmation, a reminder…) in
 * one language, in place of the default in `locales/`. `key` is the message's i18n key
 * (`notify.customer.confirmed`); `body` may name the default's `{{placeholders}}`.
 * No row: the default wording.
 */
export const MessageTemplateSchema = defineEntity({
  name: 'MessageTemplate',
  tableName: 'message_template',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    key: p.string().length(64),
    language: p.string().length(8),
    body: p.string().length(1000),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'message_template_language', expression: "language in ('en', 'ru', 'uk', 'kk')" }],
  uniques: [{ name: 'message_template_business_key_language_unique', properties: ['business', 'key', 'language'] }],
});

/** A message-template row. */
export type MessageTemplate = InferEntity<typeof MessageTemplateSchema>;
