import { businessSql } from '../../db/sql-statement.ts';

/**
 * The signal keys of a linked WhatsApp number (`whatsapp_auth_key`), read and written
 * in batches: Baileys asks for and stores many keys at once (a group message touches a
 * session per device). Ids and rows travel as one JSON parameter each, so a key id may
 * hold any character (`:`, `@`, `,`).
 */

/** The stored values of some keys of one type. */
export const READ_AUTH_KEYS = businessSql<{ businessId: string; accountId: string; type: string; ids: string }, { key_id: string; value: string }>(
  'whatsapp.read-auth-keys',
  `select k.key_id, k.value from whatsapp_auth_key k
    where k.business_id = :businessId and k.account_id = :accountId and k.type = :type
      and k.key_id in (select jsonb_array_elements_text(:ids::jsonb))`,
);

/** Stores keys (`[{type, keyId, value}]`), replacing what each had. */
export const WRITE_AUTH_KEYS = businessSql<{ businessId: string; accountId: string; rows: string }>(
  'whatsapp.write-auth-keys',
  `insert into whatsapp_auth_key (id, business_id, account_id, type, key_id, value)
   select gen_random_uuid(), :businessId, :accountId, r->>'type', r->>'keyId', r->>'value' from jsonb_array_elements(:rows::jsonb) r
   on conflict (account_id, type, key_id) do update set value = excluded.value`,
);

/** Deletes keys (`[{type, keyId}]`): Baileys sets a key to null to drop it. */
export const DELETE_AUTH_KEYS = businessSql<{ businessId: string; accountId: string; rows: string }>(
  'whatsapp.delete-auth-keys',
  `delete from whatsapp_auth_key k
    where k.business_id = :businessId and k.account_id = :accountId
      and (k.type, k.key_id) in (select r->>'type', r->>'keyId' from jsonb_array_elements(:rows::jsonb) r)`,
);

/** Every key of the number (logged out, unlinked: a new link starts from nothing). */
export const DELETE_ALL_AUTH_KEYS = businessSql<{ businessId: string; accountId: string }>(
  'whatsapp.delete-all-auth-keys',
  `delete from whatsapp_auth_key k where k.business_id = :businessId and k.account_id = :accountId`,
);

/** Whether the business heard from this WhatsApp chat: a customer conversation, or a linked team group. */
export const CHAT_WROTE_FIRST = businessSql<{ businessId: string; chatId: string }, { wrote: boolean }>(
  'whatsapp.chat-wrote-first',
  `select exists (select 1 from conversation c where c.business_id = :businessId and c.channel = 'whatsapp' and c.chat_id = :chatId)
       or exists (select 1 from team_chat t where t.business_id = :businessId and t.channel = 'whatsapp' and t.chat_id = :chatId and t.active) as wrote`,
);
