import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CHANNELS } from './customer.ts';
import { StaffMemberSchema } from './staff-member.ts';

/**
 * How a staff member is known on one chat channel (a Telegram user id, a WhatsApp JID),
 * linked with `/iam <code>`: that account may act on bookings in the team chat. One
 * account per staff member per channel, and an account is one staff member's.
 */
export const StaffChannelIdentitySchema = defineEntity({
  name: 'StaffChannelIdentity',
  tableName: 'staff_channel_identity',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staff: () => p.manyToOne(StaffMemberSchema).ref().deleteRule('cascade'),
    channel: p.enum(CHANNELS),
    externalId: p.string().length(128),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [
    { name: 'staff_channel_identity_account_unique', properties: ['business', 'channel', 'externalId'] },
    { name: 'staff_channel_identity_staff_channel_unique', properties: ['staff', 'channel'] },
  ],
});

/** A staff member's account on one channel. */
export type StaffChannelIdentity = InferEntity<typeof StaffChannelIdentitySchema>;
