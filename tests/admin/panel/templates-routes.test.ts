import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, BusinessSchema, MessageTemplateSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  admin = await h.as('admin');
  base = `/admin/b/${h.world.business.slug}/templates`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const CONFIRMED = 'notify.customer.confirmed';
const templateOf = (language: string, key = CONFIRMED) => em().findOne(MessageTemplateSchema, { business: h.world.business.id, key, language });
const bodyIn = (html: string, name: string) => new RegExp(`id="tpl-body-${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];

describe('message template pages', () => {
  it('lists every message with its default wording and placeholders, per language', async () => {
    const page = await admin.get(base);
    expect(page.statusCode).toBe(200);
    for (const name of ['booked', 'requested', 'confirmed', 'reminder', 'follow_up', 'rescheduled', 'cancelled', 'declined']) expect(page.body).toContain(`id="tpl-${name}"`);
    expect(page.body).toContain('Confirmed: {{service}} with {{staff}}, {{when}}. See you!');
    expect(page.body).toContain('Placeholders: {{service}} {{staff}} {{when}}.');
    expect(page.body).toContain('hx-trigger="keyup changed delay:400ms"');
    const russian = await admin.get(`${base}?lang=ru`);
    expect(russian.body).toContain('name="language" value="ru"');
    expect(russian.body).toContain('Запись подтверждена');
    // An unknown language is English, not an error.
    expect((await admin.get(`${base}?lang=xx`)).statusCode).toBe(200);
  });

  it('saves a template (audited, stamped), shows it, and a blank text goes back to the default', async () => {
    const saved = await admin.post(base, { key: CONFIRMED, language: 'uk', body: 'Чекаємо вас: {{service}}, {{when}}.' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${base}?lang=uk&saved=confirmed#tpl-confirmed`);
    expect((await templateOf('uk'))?.body).toBe('Чекаємо вас: {{service}}, {{when}}.');
    expect((await em().findOneOrFail(BusinessSchema, { id: h.world.business.id })).messageTemplatesChangedAt).not.toBeNull();
    expect(await em().count(AuditEntrySchema, { business: h.world.business.id, action: 'message_template.saved' })).toBe(1);
    const page = await admin.get(String(saved.headers.location));
    expect(bodyIn(page.body, 'confirmed')).toBe('Чекаємо вас: {{service}}, {{when}}.');
    expect(page.body).toContain('Template saved.');

    expect((await admin.post(base, { key: CONFIRMED, language: 'uk', body: '' })).statusCode).toBe(303);
    expect(await templateOf('uk')).toBeNull();
  });

  it('refuses an unknown placeholder next to the field, keeping the text typed', async () => {
    const response = await admin.post(base, { key: 'notify.customer.cancelled', language: 'en', body: 'Cancelled {{service}} for {{customer}}' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(/id="tpl-error-cancelled">Unknown placeholder: \{\{customer\}\}\. This message can use \{\{service\}\}, \{\{when\}\}\.</);
    expect(response.body).toMatch(/id="tpl-body-cancelled"[^>]*aria-invalid="true"/);
    expect(bodyIn(response.body, 'cancelled')).toBe('Cancelled {{service}} for {{customer}}');
    expect(await templateOf('en', 'notify.customer.cancelled')).toBeNull();
  });

  it.each([
    ['a team message', { key: 'notify.team.new_booking', language: 'en', body: 'x' }],
    ['an unknown language', { key: CONFIRMED, language: 'de', body: 'x' }],
    ['a text over 1000 characters', { key: CONFIRMED, language: 'en', body: 'x'.repeat(1001) }],
  ])('answers 422 to %s and stores nothing', async (_case, form) => {
    const response = await admin.post(base, form);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('class="error"');
    expect(await em().count(MessageTemplateSchema, { business: h.world.business.id })).toBe(0);
  });

  it('previews with sample values: a small fragment for htmx, the whole page without JavaScript', async () => {
    const form = { key: CONFIRMED, language: 'en', body: 'See you, {{staff}}: {{service}} {{when}}' };
    const fragment = await h.app.inject({
      method: 'POST',
      url: `${base}/preview`,
      headers: { cookie: admin.cookie()!, 'x-csrf-token': admin.csrf()!, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toMatch(/<div id="tpl-preview-confirmed"[\s\S]*See you, Anna: Haircut \S/);
    const page = await admin.post(`${base}/preview`, form);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html');
    expect(page.body).toContain('See you, Anna: Haircut');
    expect(bodyIn(page.body, 'confirmed')).toBe(form.body);
    // Blank: the default, with the samples filled in; an unknown placeholder is said in the preview.
    expect((await admin.post(`${base}/preview`, { ...form, body: '' })).body).toContain('Confirmed: Haircut with Anna');
    expect((await admin.post(`${base}/preview`, { ...form, body: 'Hi {{nope}}' })).body).toContain('Unknown placeholder: {{nope}}');
    expect(await em().count(MessageTemplateSchema, { business: h.world.business.id })).toBe(0);
  });
});
