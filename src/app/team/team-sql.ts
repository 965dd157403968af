// Hand-written SQL of the team capability (see `db/sql-statement.ts`), for what the
// ORM cannot say well. Every tenant table a statement names is filtered by
// `:businessId`.
import { businessSql } from '../../db/sql-statement.ts';

/** The language of a chat's posts: the active team chat's own, else the business's. */
export const TEAM_CHAT_LANGUAGE = businessSql<{ businessId: string; channel: string; chatId: string }>(
  'team.team-chat-language',
  `select coalesce(t.locale, b.default_locale) as language
     from business b left join team_chat t on t.business_id = :businessId and t.channel = :channel and t.chat_id = :chatId and t.active
    where b.id = :businessId`,
);

/**
 * Records an update's key on its team chat, keeping the last 50; returns the chat's
 * id only when the key was new (a redelivered update changes nothing).
 */
export const RECORD_TEAM_CHAT_EVENT = businessSql<{ businessId: string; channel: string; chatId: string; key: string }>(
  'team.record-team-chat-event',
  `update team_chat t set recent_events = (array_prepend(:key::text, t.recent_events))[1:50]
    where t.business_id = :businessId and t.channel = :channel and t.chat_id = :chatId and not (:key::text = any(t.recent_events))
    returning t.id`,
);
