import { createHash } from 'node:crypto';
import {
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { z } from 'zod';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { DELETE_ALL_AUTH_KEYS, DELETE_AUTH_KEYS, READ_AUTH_KEYS, WRITE_AUTH_KEYS } from './whatsapp-auth-sql.ts';
import { readCreds, saveCreds } from './whatsapp-accounts.ts';

const KEY_PURPOSE = 'whatsapp-auth-key';
// `whatsapp_auth_key.key_id` is varchar(255); a longer id is stored by its digest (the same every time).
const MAX_KEY_ID = 255;

/** Which linked number's auth state: the business and its `whatsapp_account` row. */
export interface AuthAccount {
  businessId: string;
  accountId: string;
}

/** A number's Baileys auth state kept in PostgreSQL, and how to save or forget it. */
export interface PostgresAuthState {
  /** For `makeWASocket({ auth })`: the creds and the signal keys (cached in memory, written through). */
  state: AuthenticationState;
  /** Writes the creds as they are now (call on every `creds.update`); writes never overtake each other. */
  saveCreds(): Promise<void>;
  /** Resolves once every creds write asked for so far has landed (or failed). */
  settled(): Promise<void>;
  /** Deletes the creds and every key (logged out, unlinked). */
  wipe(): Promise<void>;
}

/** Baileys' JSON (Buffers and Uint8Arrays as base64) of any value. */
export function toBufferJson(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

/** Reads {@link toBufferJson}'s text back, Buffers included. */
export function fromBufferJson(text: string): unknown {
  return JSON.parse(text, BufferJSON.reviver);
}

const KeyPair = z.object({ public: z.instanceof(Uint8Array), private: z.instanceof(Uint8Array) });
// What must be there for Baileys to log in with stored creds; the rest is Baileys' own.
const StoredCreds = z
  .object({ noiseKey: KeyPair, signedIdentityKey: KeyPair, signedPreKey: z.object({ keyPair: KeyPair, keyId: z.number() }).loose(), registrationId: z.number().int(), advSecretKey: z.string() })
  .loose();

function storedKeyId(id: string): string {
  return id.length <= MAX_KEY_ID ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * The signal key store of one number on `whatsapp_auth_key`: every key type Baileys
 * has (7.x adds `lid-mapping`, `device-list`, `tctoken`) is stored the same way —
 * `BufferJSON` text sealed under APP_SECRET, bound to its row (account, type, id) — so
 * a new type needs no code. Reads and writes go in one statement per batch; a key set
 * to null is deleted.
 */
export function postgresKeyStore(ctx: UseCaseContext, account: AuthAccount, secrets: AppSecrets): SignalKeyStore {
  const context = (type: string, keyId: string) => `${account.accountId}:${type}:${keyId}`;
  const params = { businessId: account.businessId, accountId: account.accountId };
  return {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      if (ids.length === 0) return out;
      const byStored = new Map(ids.map((id) => [storedKeyId(id), id]));
      const rows = await runSql(emForBusiness(ctx.orm, account.businessId), READ_AUTH_KEYS, { ...params, type, ids: JSON.stringify([...byStored.keys()]) });
      for (const row of rows) {
        const id = byStored.get(row.key_id);
        if (id === undefined) continue;
        const value = fromBufferJson(openSecret(secrets, KEY_PURPOSE, row.value, context(type, row.key_id)));
        // Baileys reads this one as a protobuf object (as its own file store does).
        // The cast names the type Baileys asked for: the value is what it stored under it.
        out[id] = (type === 'app-state-sync-key' ? proto.Message.AppStateSyncKeyData.fromObject(z.record(z.string(), z.unknown()).parse(value)) : value) as SignalDataTypeMap[T];
      }
      return out;
    },
    async set(data: SignalDataSet) {
      const writes: { type: string; keyId: string; value: string }[] = [];
      const deletes: { type: string; keyId: string }[] = [];
      for (const [type, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          const keyId = storedKeyId(id);
          if (value === null || value === undefined) deletes.push({ type, keyId });
          else writes.push({ type, keyId, value: sealSecret(secrets, KEY_PURPOSE, toBufferJson(value), context(type, keyId)) });
        }
      }
      if (writes.length === 0 && deletes.length === 0) return;
      await emForBusiness(ctx.orm, account.businessId).transactional(async (em) => {
        if (writes.length > 0) await runSql(em, WRITE_AUTH_KEYS, { ...params, rows: JSON.stringify(writes) });
        if (deletes.length > 0) await runSql(em, DELETE_AUTH_KEYS, { ...params, rows: JSON.stringify(deletes) });
      });
    },
    async clear() {
      await runSql(emForBusiness(ctx.orm, account.businessId), DELETE_ALL_AUTH_KEYS, params);
    },
  };
}

/**
 * Opens a number's auth state from PostgreSQL (never files): the creds from its
 * `whatsapp_account` row (new ones when it has none yet: a number about to be linked),
 * the keys through {@link postgresKeyStore} behind Baileys' `makeCacheableSignalKeyStore`.
 * Throws when the stored creds cannot be opened (sealed under another APP_SECRET).
 */
export async function openPostgresAuthState(ctx: UseCaseContext, account: AuthAccount, secrets: AppSecrets, logger?: Logger): Promise<PostgresAuthState> {
  const stored = await readCreds(ctx, account, secrets);
  // Checked for the keys a login needs; the rest is what Baileys wrote, its own creds type.
  const creds: AuthenticationCreds = stored === null ? initAuthCreds() : (StoredCreds.parse(fromBufferJson(stored)) as unknown as AuthenticationCreds);
  const store = postgresKeyStore(ctx, account, secrets);
  const keys = makeCacheableSignalKeyStore(store, logger);
  let writing: Promise<void> = Promise.resolve();
  return {
    state: { creds, keys },
    saveCreds() {
      // Each write sends the creds as they are when it runs; chained, the last word is the newest.
      writing = writing.catch(() => undefined).then(() => saveCreds(ctx, account, secrets, toBufferJson(creds)));
      return writing;
    },
    settled: () => writing.catch(() => undefined),
    async wipe() {
      await writing.catch(() => undefined);
      await keys.clear?.();
      await saveCreds(ctx, account, secrets, null);
    },
  };
}
