import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteMember } from '../../../src/app/accounts/invite-member.ts';
import { UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

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

const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
const users = (email: string) => emAcrossBusinesses(db.orm).fork().find(UserSchema, { email });

/** The path of an invitation to the world's business for `email`. */
async function invitationPath(email: string): Promise<string> {
  const outcome = await inviteMember(h.deps.ctx, h.world.business.id, h.userIds.owner, { email, role: 'staff' });
  if (outcome.kind !== 'invited') throw new Error('expected an invitation');
  return `/admin/invite/${outcome.token}`;
}

describe('creating an account from an invitation', () => {
  it('keeps the name without NUL or other control characters (PostgreSQL refuses NUL)', async () => {
    const path = await invitationPath('nul.name@example.com');
    const joined = await (await h.as('anonymous')).post(path, { name: 'Nul\u0000 Person\u0007', password: 'nul password 123', confirm: 'nul password 123' });
    expect(joined.statusCode).toBe(303);
    expect((await users('nul.name@example.com')).map((u) => u.name)).toEqual(['Nul Person']);
  });

  it('refuses a name of nothing but control characters next to the field (422), creating no account', async () => {
    const path = await invitationPath('no.name@example.com');
    const refused = await (await h.as('anonymous')).post(path, { name: '\u0000\u0000 ', password: 'no name password 1', confirm: 'no name password 1' });
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused.body, 'name')).toBe('This field is required.');
    expect(await users('no.name@example.com')).toEqual([]);
  });
});
