import { z } from 'zod';
import { BroadcastSchema, ServiceSchema, type BroadcastAudience } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidField } from '../catalog/invalid-field.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * A broadcast as composed in the panel: its text and the filters of its audience
 * (each optional, all of them applied): a tag, a service the customer had a visit of,
 * and a last visit at least `lapsedDays` ago.
 */
export const BroadcastInput = z.object({
  text: textField(1000, { tooLong: 'broadcasts_text_too_long', required: 'required', lines: 'many' }),
  tag: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase().replace(/^tag:/, '')) : v),
    z.string().max(32, 'broadcasts_tag_invalid').regex(/^[^\s,]+$/u, 'broadcasts_tag_invalid').optional(),
  ),
  serviceId: z.preprocess(blankToUndefined, z.uuid({ error: 'broadcasts_service_unknown' }).optional()),
  lapsedDays: z.preprocess(blankToUndefined, z.coerce.number({ error: 'broadcasts_days_range' }).int('broadcasts_days_range').min(1, 'broadcasts_days_range').max(3650, 'broadcasts_days_range').optional()),
});

/** The filters of a composed broadcast, as stored. */
export function audienceOf(input: z.infer<typeof BroadcastInput>): BroadcastAudience {
  return {
    ...(input.tag !== undefined ? { tag: input.tag } : {}),
    ...(input.serviceId !== undefined ? { serviceId: input.serviceId } : {}),
    ...(input.lapsedDays !== undefined ? { lapsedDays: input.lapsedDays } : {}),
  };
}

/**
 * Saves a broadcast as a draft: nothing is sent until it is sent from its page (after
 * its audience is shown). A service of another business is an {@link InvalidField}.
 * Audited as `broadcast.drafted`.
 */
export async function createBroadcast(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown): Promise<{ id: string }> {
  const input = BroadcastInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    if (input.serviceId !== undefined && (await em.count(ServiceSchema, { business: id, id: input.serviceId })) === 0) throw new InvalidField('serviceId', 'broadcasts_service_unknown');
    const broadcast = em.create(BroadcastSchema, {
      business: id,
      text: input.text.trim(),
      audience: audienceOf(input),
      createdBy: actor.kind === 'business' ? actor.userId : null,
      createdAt: new Date(ctx.now()),
    });
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'broadcast.drafted', entityType: 'broadcast', entityId: broadcast.id, details: { audience: broadcast.audience } });
    return { id: broadcast.id };
  });
}
