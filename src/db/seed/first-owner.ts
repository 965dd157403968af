import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import argon2 from 'argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipSchema, UserSchema, type Business } from '../entities/index.ts';

/** What start-up tells the person at the terminal about the owner login. */
export type FirstOwnerOutcome =
  | { kind: 'created'; email: string; password: string; generated: boolean }
  | { kind: 'exists'; email: string; passwordFile: string | undefined }
  | { kind: 'missing' };

/** File that keeps a generated first-owner password so it is not lost after the first start. */
export const GENERATED_PASSWORD_FILE = 'first-owner-password';

/**
 * On first run (no panel users at all) creates the owner account from
 * ADMIN_EMAIL/ADMIN_PASSWORD, generating a password outside production when none is
 * given, and makes it owner of `business`. Later runs change nothing.
 */
export async function ensureFirstOwner(
  em: EntityManager,
  admin: { email: string; password: string | undefined } | undefined,
  business: Business | undefined,
  dataDir: string,
): Promise<FirstOwnerOutcome> {
  const passwordFile = path.join(dataDir, GENERATED_PASSWORD_FILE);
  const [anyUser] = await em.find(UserSchema, {}, { orderBy: { createdAt: 'asc' }, limit: 1 });
  if (anyUser) {
    const hasFile = await readFile(passwordFile, 'utf8').then(
      () => true,
      () => false,
    );
    return { kind: 'exists', email: anyUser.email, passwordFile: hasFile ? passwordFile : undefined };
  }
  if (!admin) return { kind: 'missing' };

  const generated = admin.password === undefined;
  const password = admin.password ?? randomBytes(12).toString('base64url');
  const user = em.create(UserSchema, {
    email: admin.email,
    name: 'Owner',
    passwordHash: await argon2.hash(password),
  });
  if (business) em.create(MembershipSchema, { business, user, role: 'owner' });
  await em.flush();
  if (generated) await writeFile(passwordFile, `${admin.email}\n${password}\n`, { mode: 0o600 });
  return { kind: 'created', email: admin.email, password, generated };
}
