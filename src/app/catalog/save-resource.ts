import { z } from 'zod';
import { BusinessSchema, RESOURCE_STATUSES, ResourceSchema, type Resource } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { integerField, resourceKindField } from './form-fields.ts';
import { InvalidField } from './invalid-field.ts';
import { localDateTimeToInstant, optionalLocalDateTimeField } from './local-date-time.ts';

/**
 * A room, chair or piece of equipment as typed in the panel. `kind` is what services
 * ask for (`room`; lower-cased). `maintenanceUntil` is a local `YYYY-MM-DDTHH:mm` in the
 * business's zone, 2000–2199 (blank: until further notice); the note and the date are kept only
 * while the status is `maintenance`.
 */
export const ResourceInput = z
  .object({
    name: textField(200, { required: 'resources_name_required', tooLong: 'resources_name_too_long' }),
    kind: resourceKindField().refine((v) => v !== null && v !== undefined, 'resources_kind_required'),
    capacity: integerField(1, 1000, 'resources_capacity_range'),
    status: z.preprocess((v) => (v === '' || v === undefined ? 'available' : v), z.enum(RESOURCE_STATUSES, { error: 'invalid' })),
    maintenanceNote: textField(200, { tooLong: 'resources_note_too_long' }).default(''),
    maintenanceUntil: optionalLocalDateTimeField('resources_until_invalid'),
  });

/**
 * Creates a resource (no `resourceId`) or updates one of this business's (another
 * business's id is `NotFound`). A maintenance end in the past is refused
 * ({@link InvalidField}). Audited as `resource.created` / `resource.updated`.
 */
export async function saveResource(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown, resourceId?: string): Promise<{ id: string }> {
  const input = ResourceInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOneOrFail(BusinessSchema, { id });
    let existing: Resource | null = null;
    if (resourceId !== undefined) {
      const parsed = Id.safeParse(resourceId);
      existing = parsed.success ? await em.findOne(ResourceSchema, { id: parsed.data, business: id }) : null;
      if (!existing) throw new NotFound('resource');
    }
    const inMaintenance = input.status === 'maintenance';
    let maintenanceUntil: Date | null = null;
    if (inMaintenance && input.maintenanceUntil !== undefined) {
      maintenanceUntil = localDateTimeToInstant(input.maintenanceUntil, business.timeZone);
      if (!maintenanceUntil) throw new InvalidField('maintenanceUntil', 'resources_until_invalid');
      if (maintenanceUntil.getTime() <= ctx.now() && maintenanceUntil.getTime() !== existing?.maintenanceUntil?.getTime()) {
        throw new InvalidField('maintenanceUntil', 'resources_until_past');
      }
    }
    const fields = {
      name: input.name,
      kind: input.kind ?? '',
      capacity: input.capacity,
      status: input.status,
      maintenanceNote: inMaintenance ? input.maintenanceNote : '',
      maintenanceUntil,
    };
    if (existing) {
      const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => JSON.stringify(existing[k] ?? null) !== JSON.stringify(fields[k]));
      em.assign(existing, fields);
      recordAudit(em, ctx.now(), { businessId: id, actor, action: 'resource.updated', entityType: 'resource', entityId: existing.id, details: { name: fields.name, changed } });
      return { id: existing.id };
    }
    const resource = em.create(ResourceSchema, { business: id, ...fields });
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'resource.created', entityType: 'resource', entityId: resource.id, details: { name: fields.name, kind: fields.kind } });
    return { id: resource.id };
  });
}
