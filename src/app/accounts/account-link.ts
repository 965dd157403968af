import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { AccountTokenSchema, type AccountToken, type AccountTokenKind } from '../../db/entities/index.ts';

/** How long a password-reset link works. */
export const RESET_LINK_MINUTES = 60;
/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/** A one-time link's token as it appears in a URL: 32 random bytes, base64url (43 characters). */
export const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Why a link cannot be used (or that it can). */
export type LinkState = 'valid' | 'expired' | 'used' | 'unknown';

/** A fresh token for a link, and the hash that is stored instead of it. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashLinkToken(token) };
}

/** The SHA-256 (hex) of a token: a stolen database holds no working link. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a link row (or none) can still be used at `now`. */
export function linkState(row: AccountToken | null, now: number): LinkState {
  if (!row) return 'unknown';
  if (row.usedAt) return 'used';
  return row.expiresAt.getTime() <= now ? 'expired' : 'valid';
}

/**
 * The link of `kind` behind a token as typed in a URL, or null. With `lock`, the row is
 * locked until the transaction ends, so two clicks at once cannot both use it.
 */
export async function findLink(em: EntityManager, kind: AccountTokenKind, token: string, lock = false): Promise<AccountToken | null> {
  if (!LinkToken.safeParse(token).success) return null;
  return em.findOne(AccountTokenSchema, { kind, tokenHash: hashLinkToken(token) }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
}
