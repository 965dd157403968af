import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000_extensions } from './Migration20261121000000_extensions.ts';
import { Migration20261121233135_initial_schema } from './Migration20261121233135_initial_schema.ts';
import { Migration20261121234441_booking_use_cases } from './Migration20261121234441_booking_use_cases.ts';
import { Migration20261122000917_live_holds_index } from './Migration20261122000917_live_holds_index.ts';
import { Migration20261122010000_agenda_jobs } from './Migration20261122010000_agenda_jobs.ts';
import { Migration20261122010145_outbox_delivery } from './Migration20261122010145_outbox_delivery.ts';
import { Migration20261122010751_reviews } from './Migration20261122010751_reviews.ts';
import { Migration20261122012220_payment_expiry } from './Migration20261122012220_payment_expiry.ts';
import { Migration20261122014944_chat_channels } from './Migration20261122014944_chat_channels.ts';
import { Migration20261122023147_chat_locks_and_trusted_phones } from './Migration20261122023147_chat_locks_and_trusted_phones.ts';
import { Migration20261122031113_team_chat_recent_events } from './Migration20261122031113_team_chat_recent_events.ts';
import { Migration20261122012934_auto_no_show } from './Migration20261122012934_auto_no_show.ts';
import { Migration20261128082025_waitlist_offer_due } from './Migration20261128082025_waitlist_offer_due.ts';
import { Migration20261128091148_team_chats_and_new_chats } from './Migration20261128091148_team_chats_and_new_chats.ts';
import { Migration20261128105109_panel_setup } from './Migration20261128105109_panel_setup.ts';
import { Migration20261128142559_team_post_booking } from './Migration20261128142559_team_post_booking.ts';
import { Migration20261128181344_payments } from './Migration20261128181344_payments.ts';
import { Migration20261128211313_team_post_questions } from './Migration20261128211313_team_post_questions.ts';
import { Migration20261128212021_business_about } from './Migration20261128212021_business_about.ts';
import { Migration20261128212511_booking_guest } from './Migration20261128212511_booking_guest.ts';
import { Migration20261128213829_booking_attendance } from './Migration20261128213829_booking_attendance.ts';
import { Migration20261128214226_booking_campaign } from './Migration20261128214226_booking_campaign.ts';
import { Migration20261128214700_customer_notification_settings } from './Migration20261128214700_customer_notification_settings.ts';
import { Migration20261128220435_staff_name_translations } from './Migration20261128220435_staff_name_translations.ts';
import { Migration20261128214617_booking_series } from './Migration20261128214617_booking_series.ts';
import { Migration20261128222629_reschedule_any_specialist } from './Migration20261128222629_reschedule_any_specialist.ts';
import { Migration20261129001408_desk_updated_indexes } from './Migration20261129001408_desk_updated_indexes.ts';
import { Migration20261129001454_expenses } from './Migration20261129001454_expenses.ts';
import { Migration20261129002907_message_templates } from './Migration20261129002907_message_templates.ts';
import { Migration20261129003353_broadcasts } from './Migration20261129003353_broadcasts.ts';
import { Migration20261129005548_customer_email_delivery } from './Migration20261129005548_customer_email_delivery.ts';
import { Migration20261129005526_webhooks } from './Migration20261129005526_webhooks.ts';
import { Migration20261129005539_api_keys } from './Migration20261129005539_api_keys.ts';
import { Migration20261129010903_calendar_feeds } from './Migration20261129010903_calendar_feeds.ts';
import { Migration20261129012005_calendar_sync } from './Migration20261129012005_calendar_sync.ts';
import { Migration20261129021458_booking_page_source } from './Migration20261129021458_booking_page_source.ts';
import { Migration20261129034128_page_confirmation_codes } from './Migration20261129034128_page_confirmation_codes.ts';
import { Migration20261128141156_chat_channels_registry } from './Migration20261128141156_chat_channels_registry.ts';
import { Migration20261128121840_panel_sessions } from './Migration20261128121840_panel_sessions.ts';

/**
 * Every migration, in order. Listed by hand (not discovered from the file system) so
 * the service starts the same way from source or from any working directory. A new
 * migration made by `npm run migration:create` must be added here.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121000000_extensions', class: Migration20261121000000_extensions },
  { name: 'Migration20261121233135_initial_schema', class: Migration20261121233135_initial_schema },
  { name: 'Migration20261121234441_booking_use_cases', class: Migration20261121234441_booking_use_cases },
  { name: 'Migration20261122000917_live_holds_index', class: Migration20261122000917_live_holds_index },
  { name: 'Migration20261122010000_agenda_jobs', class: Migration20261122010000_agenda_jobs },
  { name: 'Migration20261122010145_outbox_delivery', class: Migration20261122010145_outbox_delivery },
  { name: 'Migration20261122010751_reviews', class: Migration20261122010751_reviews },
  { name: 'Migration20261122012220_payment_expiry', class: Migration20261122012220_payment_expiry },
  { name: 'Migration20261122012934_auto_no_show', class: Migration20261122012934_auto_no_show },
  { name: 'Migration20261122014944_chat_channels', class: Migration20261122014944_chat_channels },
  { name: 'Migration20261122023147_chat_locks_and_trusted_phones', class: Migration20261122023147_chat_locks_and_trusted_phones },
  { name: 'Migration20261122031113_team_chat_recent_events', class: Migration20261122031113_team_chat_recent_events },
  { name: 'Migration20261128082025_waitlist_offer_due', class: Migration20261128082025_waitlist_offer_due },
  { name: 'Migration20261128091148_team_chats_and_new_chats', class: Migration20261128091148_team_chats_and_new_chats },
  { name: 'Migration20261128105109_panel_setup', class: Migration20261128105109_panel_setup },
  { name: 'Migration20261128121840_panel_sessions', class: Migration20261128121840_panel_sessions },
  { name: 'Migration20261128141156_chat_channels_registry', class: Migration20261128141156_chat_channels_registry },
  { name: 'Migration20261128142559_team_post_booking', class: Migration20261128142559_team_post_booking },
  { name: 'Migration20261128181344_payments', class: Migration20261128181344_payments },
  { name: 'Migration20261128211313_team_post_questions', class: Migration20261128211313_team_post_questions },
  { name: 'Migration20261128212021_business_about', class: Migration20261128212021_business_about },
  { name: 'Migration20261128212511_booking_guest', class: Migration20261128212511_booking_guest },
  { name: 'Migration20261128213829_booking_attendance', class: Migration20261128213829_booking_attendance },
  { name: 'Migration20261128214226_booking_campaign', class: Migration20261128214226_booking_campaign },
  { name: 'Migration20261128214617_booking_series', class: Migration20261128214617_booking_series },
  { name: 'Migration20261128214700_customer_notification_settings', class: Migration20261128214700_customer_notification_settings },
  { name: 'Migration20261128220435_staff_name_translations', class: Migration20261128220435_staff_name_translations },
  { name: 'Migration20261128222629_reschedule_any_specialist', class: Migration20261128222629_reschedule_any_specialist },
  { name: 'Migration20261129001408_desk_updated_indexes', class: Migration20261129001408_desk_updated_indexes },
  { name: 'Migration20261129001454_expenses', class: Migration20261129001454_expenses },
  { name: 'Migration20261129002907_message_templates', class: Migration20261129002907_message_templates },
  { name: 'Migration20261129003353_broadcasts', class: Migration20261129003353_broadcasts },
  { name: 'Migration20261129005548_customer_email_delivery', class: Migration20261129005548_customer_email_delivery },
  { name: 'Migration20261129005526_webhooks', class: Migration20261129005526_webhooks },
  { name: 'Migration20261129005539_api_keys', class: Migration20261129005539_api_keys },
  { name: 'Migration20261129010903_calendar_feeds', class: Migration20261129010903_calendar_feeds },
  { name: 'Migration20261129012005_calendar_sync', class: Migration20261129012005_calendar_sync },
  { name: 'Migration20261129021458_booking_page_source', class: Migration20261129021458_booking_page_source },
  { name: 'Migration20261129034128_page_confirmation_codes', class: Migration20261129034128_page_confirmation_codes },
];
