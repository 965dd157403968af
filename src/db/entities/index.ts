import { AuditEntrySchema } from './audit-entry.ts';
import { BookingSchema } from './booking.ts';
import { BusinessSchema } from './business.ts';
import { ChannelIdentitySchema, CustomerSchema } from './customer.ts';
import { ResourceSchema } from './resource.ts';
import { ServiceSchema } from './service.ts';
import { StaffMemberSchema } from './staff-member.ts';
import { AccountTokenSchema, MembershipSchema, PanelSessionSchema, UnknownSignInSchema, UserSchema } from './user.ts';
import { OutboxMessageSchema } from './outbox-message.ts';
import { OutboxDeliverySchema } from './outbox-delivery.ts';
import { TeamChatSchema } from './team-chat.ts';
import { ReviewSchema } from './review.ts';
import { ChatRelaySchema, ConversationSchema, TelegramBotSchema } from './chat.ts';
import { PromoCodeSchema } from './promo-code.ts';
import { StaffChannelIdentitySchema } from './staff-channel-identity.ts';
import { MessageOptOutSchema, ProcessedExternalEventSchema, TwilioAccountSchema, WebChatMessageSchema, WhatsAppAccountSchema, WhatsAppAuthKeySchema } from './messaging.ts';
import { WaitlistEntrySchema } from './waitlist-entry.ts';
import { PaymentAccountSchema, PaymentSchema } from './payment.ts';
import { DateOverrideSchema, TimeOffSchema, WorkingHoursSchema } from './working-hours.ts';
import { ExpenseSchema } from './expense.ts';
import { MessageTemplateSchema } from './message-template.ts';
import { BroadcastRecipientSchema, BroadcastSchema } from './broadcast.ts';
import { ApiIdempotencySchema, ApiKeySchema } from './api-key.ts';
import { WebhookDeliverySchema, WebhookSubscriptionSchema } from './webhook.ts';
import { CalendarFeedSchema } from './calendar-feed.ts';
import { CalendarConnectionSchema, CalendarEventLinkSchema, CalendarPushSchema, ExternalBusySchema } from './calendar-connection.ts';
import { PageConfirmationCodeSchema } from './page-confirmation-code.ts';
import { AvailabilityChangeSchema } from './availability-change.ts';

export * from './audit-entry.ts';
export * from './page-confirmation-code.ts';
export * from './booking.ts';
export * from './business.ts';
export * from './customer.ts';
export * from './resource.ts';
export * from './service.ts';
export * from './staff-member.ts';
export * from './user.ts';
export * from './working-hours.ts';
export * from './outbox-message.ts';
export * from './outbox-delivery.ts';
export * from './team-chat.ts';
export * from './review.ts';
export * from './promo-code.ts';
export * from './waitlist-entry.ts';
export * from './chat.ts';
export * from './staff-channel-identity.ts';
export * from './messaging.ts';
export * from './payment.ts';
export * from './expense.ts';
export * from './message-template.ts';
export * from './broadcast.ts';
export * from './api-key.ts';
export * from './webhook.ts';
export * from './calendar-feed.ts';
export * from './calendar-connection.ts';
export * from './availability-change.ts';

/** Every entity the ORM knows, for its configuration. */
export const ALL_ENTITIES = [
  BusinessSchema,
  UserSchema,
  MembershipSchema,
  AccountTokenSchema,
  PanelSessionSchema,
  UnknownSignInSchema,
  ServiceSchema,
  ResourceSchema,
  StaffMemberSchema,
  WorkingHoursSchema,
  DateOverrideSchema,
  TimeOffSchema,
  CustomerSchema,
  ChannelIdentitySchema,
  BookingSchema,
  AuditEntrySchema,
  PromoCodeSchema,
  WaitlistEntrySchema,
  OutboxMessageSchema,
  OutboxDeliverySchema,
  TeamChatSchema,
  ReviewSchema,
  ConversationSchema,
  TelegramBotSchema,
  ChatRelaySchema,
  StaffChannelIdentitySchema,
  ProcessedExternalEventSchema,
  MessageOptOutSchema,
  TwilioAccountSchema,
  WhatsAppAccountSchema,
  WhatsAppAuthKeySchema,
  WebChatMessageSchema,
  PaymentSchema,
  PaymentAccountSchema,
  ExpenseSchema,
  MessageTemplateSchema,
  BroadcastSchema,
  BroadcastRecipientSchema,
  ApiKeySchema,
  ApiIdempotencySchema,
  WebhookSubscriptionSchema,
  WebhookDeliverySchema,
  CalendarFeedSchema,
  CalendarConnectionSchema,
  ExternalBusySchema,
  CalendarPushSchema,
  CalendarEventLinkSchema,
  PageConfirmationCodeSchema,
  AvailabilityChangeSchema,
];

/**
 * Entities that belong to one business: the tenant filter applies to all of them.
 * Users, their sessions and one-time links (a password reset has no business) are global.
 */
export const TENANT_ENTITIES = ALL_ENTITIES.filter((entity) => entity !== BusinessSchema && entity !== UserSchema && entity !== AccountTokenSchema && entity !== PanelSessionSchema && entity !== UnknownSignInSchema);
