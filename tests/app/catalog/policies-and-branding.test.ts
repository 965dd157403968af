import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { businessBranding } from '../../../src/app/catalog/business-branding.ts';
import { businessLogo } from '../../../src/app/catalog/business-logo.ts';
import { businessPolicies } from '../../../src/app/catalog/business-policies.ts';
import { formatReminderOffsets, parseReminderOffsets } from '../../../src/app/catalog/reminder-offsets.ts';
import { updateBranding } from '../../../src/app/catalog/update-branding.ts';
import { updatePolicies } from '../../../src/app/catalog/update-policies.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { validationIssues } from '../../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
});
afterAll(async () => db.drop());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The stored policies of the world's business as plain values, with some changed. */
async function policiesWith(changes: Record<string, unknown>): Promise<Record<string, unknown>> {
  return { ...(await businessPolicies(w.ctx, w.business.id)), ...changes };
}

describe('reminder offsets as people type them', () => {
  it.each([
    ['1440, 120', [1440, 120]],
    ['24h, 2h', [1440, 120]],
    ['2h; 24 h', [1440, 120]],
    ['1d, 1h 30m, 45', [1440, 90, 45]],
    ['24ч, 2 ч', [1440, 120]],
    ['1 день, 30 хв', [1440, 30]],
    ['2 сағ', [120]],
    ['14d', [20160]],
    ['5m', [5]],
  ])('%j → %j', (text, minutes) => {
    expect(parseReminderOffsets(text)).toEqual({ ok: true, minutes });
  });

  it.each([
    ['tomorrow', 'policies_reminders_format'],
    ['1.5h', 'policies_reminders_format'],
    ['24x', 'policies_reminders_format'],
    ['1234567', 'policies_reminders_format'],
    ['-2h', 'policies_reminders_format'],
    ['', 'policies_reminders_count'],
    [' , ', 'policies_reminders_count'],
    ['1h, 2h, 3h, 4h, 5h, 6h', 'policies_reminders_count'],
    ['4m', 'policies_reminders_range'],
    ['14d 1m', 'policies_reminders_range'],
    ['0', 'policies_reminders_range'],
    ['2h, 120', 'policies_reminders_duplicate'],
  ])('%j is refused: %s', (text, error) => {
    expect(parseReminderOffsets(text)).toEqual({ ok: false, error });
  });

  it('shows offsets in a form it reads back', () => {
    for (const minutes of [[1440, 120], [20160, 2880, 90, 45, 5], [60]]) {
      const text = formatReminderOffsets(minutes);
      expect(parseReminderOffsets(text)).toEqual({ ok: true, minutes });
    }
    expect(formatReminderOffsets([2880, 1440, 90, 30])).toBe('2d, 24h, 1h 30m, 30m');
  });
});

describe('updatePolicies', () => {
  it('takes plain values (the REST API and the wizard) as well as form strings', async () => {
    const result = await updatePolicies(w.ctx, w.business.id, owner, await policiesWith({ holdMinutes: 15, reminderOffsetsMinutes: [120, 1440], followUpAfterMinutes: null, digestAtMinute: 480 }));
    expect(result.changed.sort()).toEqual(['digestAtMinute', 'followUpAfterMinutes', 'holdMinutes']);
    expect(await businessPolicies(w.ctx, w.business.id)).toMatchObject({ holdMinutes: 15, reminderOffsetsMinutes: [1440, 120], followUpAfterMinutes: null, digestAtMinute: 480 });
    expect(await updatePolicies(w.ctx, w.business.id, owner, await policiesWith({}))).toEqual({ changed: [] });
  });

  it('refuses values outside the ranges the database allows, before the database sees them', async () => {
    expect(await validationIssues(updatePolicies(w.ctx, w.business.id, owner, await policiesWith({ paymentMinutes: 10081, digestAtMinute: 1440, reminderOffsetsMinutes: [] })))).toEqual([
      'paymentMinutes: policies_out_of_range',
      'reminderOffsetsMinutes: policies_reminders_count',
      'digestAtMinute: policies_time_of_day',
    ]);
  });

  it('is NotFound for a business that does not exist', async () => {
    await expect(updatePolicies(w.ctx, randomUUID(), owner, await policiesWith({}))).rejects.toMatchObject({ code: 'not_found' });
    await expect(businessPolicies(w.ctx, randomUUID())).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('updateBranding', () => {
  it('stores a logo checked by content and loads it only when asked', async () => {
    const b = await makeBookingWorld(db.orm);
    expect(await businessLogo(b.ctx, b.business.id)).toBeNull();
    await updateBranding(b.ctx, b.business.id, owner, { primaryColor: '#102030', accentColor: '#abcdef', logo: new Uint8Array(PNG) });
    expect(await businessBranding(b.ctx, b.business.id)).toMatchObject({ primaryColor: '#102030', accentColor: '#ABCDEF', logoType: 'image/png' });
    expect(await businessLogo(b.ctx, b.business.id)).toEqual({ data: PNG, type: 'image/png' });
    const [entry] = await emForBusiness(db.orm, b.business.id).find(AuditEntrySchema, { action: 'business.branding_updated' });
    expect(entry!.details).toEqual({
      primaryColor: { from: '#1E90FF', to: '#102030' },
      accentColor: { from: '#00CED1', to: '#ABCDEF' },
      logo: { action: 'uploaded', type: 'image/png', bytes: PNG.length },
    });
  });

  it('refuses a file that is not a PNG, JPEG or WebP, changing nothing', async () => {
    const b = await makeBookingWorld(db.orm);
    const refused = await updateBranding(b.ctx, b.business.id, owner, { primaryColor: '#000000', accentColor: '#000000', logo: new TextEncoder().encode('<svg/>') }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: 'logo', reason: 'branding_logo_type' });
    expect(await businessBranding(b.ctx, b.business.id)).toMatchObject({ primaryColor: '#1E90FF', logoType: null });
    expect(await validationIssues(updateBranding(b.ctx, b.business.id, owner, { primaryColor: '1E90FF', accentColor: '#00CED1' }))).toEqual(['primaryColor: branding_color_invalid']);
  });
});
