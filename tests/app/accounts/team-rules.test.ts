import { describe, expect, it } from 'vitest';
import { hashLinkToken, LinkToken, linkState, newLinkToken } from '../../../src/app/accounts/account-link.ts';
import { mayIssueResetLink, mayManageMember, rolesActorMayGrant } from '../../../src/app/accounts/team-rules.ts';
import type { AccountToken, MembershipRole } from '../../../src/db/entities/index.ts';

describe('team rules', () => {
  it.each([
    ['owner', ['owner', 'admin', 'manager', 'staff']],
    ['admin', ['admin', 'manager', 'staff']],
    ['manager', []],
    ['staff', []],
  ] as const)('%s may grant %o', (actor, roles) => {
    expect(rolesActorMayGrant(actor)).toEqual(roles);
  });

  // actor → the roles of members they may change or remove, make password links for to be
  // emailed, and make password links for to hand over (no email: an owner's alone).
  const table: [MembershipRole, MembershipRole[], MembershipRole[], MembershipRole[]][] = [
    ['owner', ['owner', 'admin', 'manager', 'staff'], ['admin', 'manager', 'staff'], ['admin', 'manager', 'staff']],
    ['admin', ['manager', 'staff'], ['manager', 'staff'], []],
    ['manager', [], [], []],
    ['staff', [], [], []],
  ];
  it.each(table)('%s manages %o, has password links emailed to %o and hands them to %o', (actor, manages, emailed, byHand) => {
    const all: MembershipRole[] = ['owner', 'admin', 'manager', 'staff'];
    expect(all.filter((target) => mayManageMember(actor, target))).toEqual(manages);
    expect(all.filter((target) => mayIssueResetLink(actor, target, 'email'))).toEqual(emailed);
    expect(all.filter((target) => mayIssueResetLink(actor, target, 'by_hand'))).toEqual(byHand);
  });
});

describe('one-time link tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256 only', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).toBe(hashLinkToken(a.token));
    expect(a.tokenHash).not.toContain(a.token);
    expect(LinkToken.safeParse(a.token).success).toBe(true);
    expect(LinkToken.safeParse(`${a.token}x`).success).toBe(false);
  });

  it.each([
    [null, 'unknown'],
    [{ usedAt: new Date(500), expiresAt: new Date(2000) }, 'used'],
    [{ usedAt: null, expiresAt: new Date(1000) }, 'expired'],
    [{ usedAt: null, expiresAt: new Date(1001) }, 'valid'],
  ] as const)('a link %o at 1000 is %s', (row, state) => {
    expect(linkState(row as AccountToken | null, 1000)).toBe(state);
  });
});
