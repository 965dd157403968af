import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTeamLinkCode } from '../../../src/app/team/check-team-link-code.ts';
import { linkStaffAccount } from '../../../src/app/team/link-staff-account.ts';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import { listLinkCodes } from '../../../src/app/team/list-link-codes.ts';
import { rotateStaffLinkCode } from '../../../src/app/team/rotate-staff-link-code.ts';
import { rotateTeamLinkCode } from '../../../src/app/team/rotate-team-link-code.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import { AuditEntrySchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Link codes rotate by version; version 0 is the code handed out before rotation existed.
let db: TestDatabase;
let w: BookingWorld;
const secret = 'rotation-test-secret-rotation-test-0123456789';
const owner = { kind: 'business', userId: null } as const;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
});
afterAll(async () => db?.drop());

describe('link codes by version', () => {
  it('version 0 gives exactly the codes handed out before codes could rotate', () => {
    // Worked out with the original formula (HMAC-SHA256 of `team-chat:<id>` / `staff:<id>`) outside this code base.
    const pinned = 'pinned-secret-for-link-codes-0123456789';
    expect(teamLinkCode(pinned, '00000000-0000-4000-8000-000000000001', 0)).toBe('WQZP70FB');
    expect(staffLinkCode(pinned, '00000000-0000-4000-8000-000000000002', 0)).toBe('0DG788YX');
  });

  it('every version gives another code', () => {
    const codes = [0, 1, 2, 3].map((v) => teamLinkCode(secret, w.business.id, v));
    expect(new Set(codes).size).toBe(4);
    expect(staffLinkCode(secret, w.staff[0]!.id, 1)).not.toBe(staffLinkCode(secret, w.staff[0]!.id, 0));
  });
});

describe('rotating link codes', () => {
  it('a rotated team code no longer matches; the new one does; the rotation is audited', async () => {
    const world = await makeBookingWorld(db.orm);
    const old = (await listLinkCodes(world.ctx, world.business.id, secret)).teamCode;
    expect(old).toBe(teamLinkCode(secret, world.business.id, 0));
    expect(await checkTeamLinkCode(world.ctx, world.business.id, secret, old)).toBe(true);
    expect(await checkTeamLinkCode(world.ctx, world.business.id, secret, old.toLowerCase())).toBe(true);

    expect(await rotateTeamLinkCode(world.ctx, world.business.id, owner)).toBe(1);
    const fresh = (await listLinkCodes(world.ctx, world.business.id, secret)).teamCode;
    expect(fresh).toBe(teamLinkCode(secret, world.business.id, 1));
    expect(await checkTeamLinkCode(world.ctx, world.business.id, secret, old)).toBe(false);
    expect(await checkTeamLinkCode(world.ctx, world.business.id, secret, fresh)).toBe(true);
    expect(await checkTeamLinkCode(world.ctx, world.business.id, secret, '')).toBe(false);
    const audit = await emForBusiness(db.orm, world.business.id).findOneOrFail(AuditEntrySchema, { action: 'team.link_code_rotated' });
    expect(audit).toMatchObject({ entityType: 'business', entityId: world.business.id, details: { version: 1 } });
  });

  it('a rotated staff code no longer links an account; the new one does; the rotation is audited', async () => {
    const world = await makeBookingWorld(db.orm);
    const member = world.staff[0]!;
    const old = staffLinkCode(secret, member.id, 0);
    expect((await listLinkCodes(world.ctx, world.business.id, secret)).staff[0]).toEqual({ staffId: member.id, name: 'Specialist 1', code: old, linked: false });

    expect(await rotateStaffLinkCode(world.ctx, world.business.id, owner, { staffId: member.id })).toBe(1);
    const account = { channel: 'telegram', externalId: '4242' } as const;
    expect(await linkStaffAccount(world.ctx, world.business.id, secret, { code: old, account })).toBeNull();
    const fresh = staffLinkCode(secret, member.id, 1);
    expect((await linkStaffAccount(world.ctx, world.business.id, secret, { code: fresh, account }))?.member.staffId).toBe(member.id);
    // A code links once: used, it moves on, so whoever saw it cannot take the identity.
    expect(await linkStaffAccount(world.ctx, world.business.id, secret, { code: fresh, account: { channel: 'telegram', externalId: '4343' } })).toBeNull();
    expect((await listLinkCodes(world.ctx, world.business.id, secret)).staff[0]).toMatchObject({ code: staffLinkCode(secret, member.id, 2), linked: true });
    const em = emForBusiness(db.orm, world.business.id);
    expect(await em.findOneOrFail(AuditEntrySchema, { action: 'team.staff_link_code_rotated' })).toMatchObject({ entityType: 'staff_member', entityId: member.id });
    // The other specialist's code did not change.
    expect((await listLinkCodes(world.ctx, world.business.id, secret)).staff[1]?.code).toBe(staffLinkCode(secret, world.staff[1]!.id, 0));
  });

  it('another business’s specialist is not found, and keeps their code', async () => {
    const other = await makeBookingWorld(db.orm);
    await expect(rotateStaffLinkCode(w.ctx, w.business.id, owner, { staffId: other.staff[0]!.id })).rejects.toBeInstanceOf(NotFound);
    const member = await emForBusiness(db.orm, other.business.id).findOneOrFail(StaffMemberSchema, { id: other.staff[0]!.id });
    expect(member.linkCodeVersion).toBe(0);
  });
});
