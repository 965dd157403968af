import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntrySchema, BusinessSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startPanelHarness, type PanelClient, type PanelHarness, type TestActor } from '../../support/panel-harness.ts';

let db: TestDatabase;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});
beforeEach(() => h.world.clock.reset());

// One signed-in client per actor (signing in hashes a password: slow on purpose).
const clients = new Map<TestActor, PanelClient>();
async function as(actor: TestActor): Promise<PanelClient> {
  const client = clients.get(actor) ?? (await h.as(actor));
  clients.set(actor, client);
  return client;
}

const url = () => `/admin/b/${h.world.business.slug}/policies`;
const business = () => emForBusiness(db.orm, h.world.business.id).findOneOrFail(BusinessSchema, { id: h.world.business.id });
const audits = () => emForBusiness(db.orm, h.world.business.id).find(AuditEntrySchema, { action: 'business.policies_updated' }, { orderBy: { createdAt: 'asc' } });

/** The form as the page fills it for the world's business, with some fields changed. */
function form(changes: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    minNoticeMinutes: '60',
    bookingHorizonDays: '60',
    slotStepMinutes: '30',
    holdMinutes: '10',
    paymentMinutes: '60',
    waitlistOfferMinutes: '30',
    cancelCutoffMinutes: '120',
    rescheduleCutoffMinutes: '120',
    approvalRequired: '',
    rescheduleAnySpecialist: '',
    autoNoShowAfterMinutes: '',
    reminderOffsetsMinutes: '24h, 2h',
    followUpAfterMinutes: '120',
    digestAtMinute: '',
    ...changes,
  };
}

describe('policies page', () => {
  it('shows the stored rules with their hints in plain words', async () => {
    const admin = await as('admin');
    const page = await admin.get(url());
    expect(page.statusCode, page.body.slice(page.body.indexOf("<main"))).toBe(200);
    expect(page.body).toContain('name="minNoticeMinutes" value="60"');
    expect(page.body).toContain('name="slotStepMinutes" value="30"');
    expect(page.body).toContain('name="reminderOffsetsMinutes" value="24h, 2h"');
    expect(page.body).toContain('name="followUpAfterMinutes" value="120"');
    expect(page.body).toContain('From 5 to 1440.');
    expect(page.body).not.toMatch(/name="approvalRequired" value="on" checked/);
  });

  it('saves every rule, writes who changed what to the audit log, and shows the new values', async () => {
    const owner = await as('owner');
    const saved = await owner.post(url(), form({ minNoticeMinutes: '30', slotStepMinutes: '15', approvalRequired: ['', 'on'], rescheduleAnySpecialist: ['', 'on'], autoNoShowAfterMinutes: '90', reminderOffsetsMinutes: '2ч, 1d, 30', followUpAfterMinutes: '', digestAtMinute: '7:45' }));
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${url()}?saved=1`);
    expect(await business()).toMatchObject({
      minNoticeMinutes: 30,
      slotStepMinutes: 15,
      approvalRequired: true,
      rescheduleAnySpecialist: true,
      autoNoShowAfterMinutes: 90,
      reminderOffsetsMinutes: [1440, 120, 30],
      followUpAfterMinutes: null,
      digestAtMinute: 7 * 60 + 45,
      bookingHorizonDays: 60,
    });
    const [entry] = await audits();
    expect(entry).toMatchObject({ actorKind: 'user', actorId: h.userIds.owner, entityType: 'business', entityId: h.world.business.id });
    expect(entry!.details['changed']).toEqual({
      minNoticeMinutes: { from: 60, to: 30 },
      slotStepMinutes: { from: 30, to: 15 },
      approvalRequired: { from: false, to: true },
      rescheduleAnySpecialist: { from: false, to: true },
      autoNoShowAfterMinutes: { from: null, to: 90 },
      reminderOffsetsMinutes: { from: [1440, 120], to: [1440, 120, 30] },
      followUpAfterMinutes: { from: 120, to: null },
      digestAtMinute: { from: null, to: 465 },
    });
    const page = await owner.get(String(saved.headers.location));
    expect(page.body).toContain('Saved.');
    expect(page.body).toContain('name="reminderOffsetsMinutes" value="24h, 2h, 30m"');
    expect(page.body).toContain('name="digestAtMinute" value="07:45"');
    expect(page.body).toContain('name="followUpAfterMinutes" value=""');
    expect(page.body).toMatch(/name="approvalRequired" value="on" checked/);
    expect(page.body).toMatch(/name="rescheduleAnySpecialist" value="on" checked/);

    // The same form again changes nothing and writes nothing.
    await owner.post(url(), form({ minNoticeMinutes: '30', slotStepMinutes: '15', approvalRequired: ['', 'on'], rescheduleAnySpecialist: ['', 'on'], autoNoShowAfterMinutes: '90', reminderOffsetsMinutes: '24h, 2h, 30m', followUpAfterMinutes: '', digestAtMinute: '07:45' }));
    expect(await audits()).toHaveLength(1);
    // Back to the defaults for the other tests.
    expect((await owner.post(url(), form())).statusCode).toBe(303);
    expect(await business()).toMatchObject({ minNoticeMinutes: 60, approvalRequired: false, followUpAfterMinutes: 120, digestAtMinute: null, reminderOffsetsMinutes: [1440, 120] });
  });

  it.each([
    ['slotStepMinutes', '4', 'Enter a whole number within the range shown above.'],
    ['bookingHorizonDays', '731', 'Enter a whole number within the range shown above.'],
    ['holdMinutes', '1.5', 'Enter a whole number within the range shown above.'],
    ['paymentMinutes', 'soon', 'Enter a whole number within the range shown above.'],
    ['waitlistOfferMinutes', '', 'This field is required.'],
    ['followUpAfterMinutes', '43201', 'Enter a whole number within the range shown above.'],
    ['autoNoShowAfterMinutes', '-5', 'Enter a whole number within the range shown above.'],
    ['minNoticeMinutes', '86400', 'Enter a whole number within the range shown above.'],
    ['reminderOffsetsMinutes', 'tomorrow', 'Write the reminders like this: 24h, 2h.'],
    ['reminderOffsetsMinutes', '', 'Set from one to five reminders.'],
    ['reminderOffsetsMinutes', '1h, 2h, 3h, 4h, 5h, 6h', 'Set from one to five reminders.'],
    ['reminderOffsetsMinutes', '24h, 15d', 'Each reminder must be from 5 minutes to 14 days before the visit.'],
    ['reminderOffsetsMinutes', '2h, 120', 'The same reminder is listed twice.'],
    ['digestAtMinute', '25:00', 'Enter a time of day like 08:30.'],
    ['digestAtMinute', '24:00', 'Enter a time of day like 08:30.'],
  ])('refuses %s = %j with a message next to it, keeping what was typed', async (field, typed, message) => {
    const admin = await as('admin');
    const before = await business();
    const response = await admin.post(url(), form({ [field]: typed, approvalRequired: ['', 'on'] }));
    expect(response.statusCode).toBe(422);
    const id = `f-${field}`;
    expect(response.body).toContain(`<p class="error" id="${id}-error">${message}</p>`);
    expect(response.body).toContain(`name="${field}" value="${typed}"`);
    // The other values typed are kept too, the ticked box included.
    expect(response.body).toMatch(/name="approvalRequired" value="on" checked/);
    expect(await business()).toEqual(before);
  });

  it('refuses a notice as long as the horizon: no time would be left to book', async () => {
    const admin = await as('admin');
    const response = await admin.post(url(), form({ minNoticeMinutes: '2880', bookingHorizonDays: '2' }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('The minimum notice must be shorter than how far ahead customers can book.');
  });

  it('is for admins and owners only; another business cannot be reached', async () => {
    for (const actor of ['staff', 'manager'] as const) {
      const client = await as(actor);
      expect((await client.get(url())).statusCode).toBe(403);
      expect((await client.post(url(), form({ minNoticeMinutes: '0' }))).statusCode).toBe(403);
    }
    const owner = await as('owner');
    const other = `/admin/b/${h.other.business.slug}/policies`;
    expect((await owner.get(other)).statusCode).toBe(404);
    expect((await owner.post(other, form({ minNoticeMinutes: '0' }))).statusCode).toBe(404);
    const outsider = await as('outsider');
    expect((await outsider.post(url(), form({ minNoticeMinutes: '0' }))).statusCode).toBe(404);
    expect((await business()).minNoticeMinutes).toBe(60);
  });

  it('needs the form token', async () => {
    const admin = await as('admin');
    expect((await admin.post(url(), form({ _csrf: 'forged', minNoticeMinutes: '0' }))).statusCode).toBe(403);
    expect((await business()).minNoticeMinutes).toBe(60);
  });

  it('speaks the person language', async () => {
    const admin = await h.as('admin');
    await admin.post('/admin/language', { language: 'ru', back: url() });
    const page = await admin.get(url());
    expect(page.body).toContain('Правила записи');
    const refused = await admin.post(url(), form({ slotStepMinutes: '1' }));
    expect(refused.body).toContain('Введите целое число в пределах, указанных выше.');
  });
});
