import type { MikroORM } from '@mikro-orm/postgresql';
import { MembershipSchema, UserSchema, type MembershipRole } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../src/db/tenant-scope.ts';
import { TEST_PASSWORD, testPasswordHash, type PanelClient, type PanelHarness } from './panel-harness.ts';

/** A person made for one test: their account and their memberships. */
export interface TestPerson {
  userId: string;
  email: string;
  name: string;
  /** Membership id per business id. */
  memberships: Record<string, string>;
}

let counter = 0;

/**
 * Makes an account (password {@link TEST_PASSWORD}) with a role in each business given,
 * so a test that changes roles, passwords or memberships never touches the harness's
 * own actors, which other tests sign in as.
 */
export async function makePerson(orm: MikroORM, roles: { businessId: string; role: MembershipRole }[], options: { locale?: string; email?: string } = {}): Promise<TestPerson> {
  counter += 1;
  const em = emAcrossBusinesses(orm).fork();
  const name = `Person ${counter}`;
  const email = options.email ?? `person-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const user = em.create(UserSchema, { email, name, passwordHash: await testPasswordHash(), locale: options.locale ?? null });
  const created = roles.map(({ businessId, role }) => [businessId, em.create(MembershipSchema, { business: businessId, user, role })] as const);
  await em.flush();
  const memberships = Object.fromEntries(created.map(([businessId, m]) => [businessId, m.id]));
  return { userId: user.id, email, name, memberships };
}

/** A client signed in as `email` with `password`. */
export async function signedIn(h: PanelHarness, email: string, password = TEST_PASSWORD): Promise<PanelClient> {
  const client = h.client();
  await client.get('/admin/sign-in');
  const response = await client.post('/admin/sign-in', { email, password });
  if (response.statusCode !== 303) throw new Error(`sign-in as ${email} answered ${response.statusCode}`);
  await client.get('/admin/account');
  return client;
}
