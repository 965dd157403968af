import { initAuthCreds, proto, type SignalDataSet, type SignalDataTypeMap } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBufferJson, openPostgresAuthState, toBufferJson } from '../../../src/bots/whatsapp/postgres-auth-state.ts';
import { ensureWhatsAppAccount, readCreds, type WhatsAppAccountRef } from '../../../src/bots/whatsapp/whatsapp-accounts.ts';
import { WhatsAppAccountSchema, WhatsAppAuthKeySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Baileys' auth state lives in PostgreSQL: creds on the account row, signal keys in
// whatsapp_auth_key, each sealed under APP_SECRET. Written through one state, read back
// through a fresh one (no cache), every key type must come back as Baileys stored it.
const SECRET = 'whatsapp-auth-test-secret-0123456789abcdef';
let db: TestDatabase;
let w: BookingWorld;
let account: WhatsAppAccountRef;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  account = await ensureWhatsAppAccount(w.ctx, w.business.id);
});
afterAll(async () => db.drop());

const bytes = (...values: number[]) => new Uint8Array(values);
const LONG_ID = `120363000000000001@g.us::${'7'.repeat(300)}::0`;

/** One value of every key type Baileys 7 stores, Buffers and Uint8Arrays mixed in as it does. */
const EVERY_KEY_TYPE = {
  'pre-key': { '17': { public: bytes(1, 2, 3), private: Buffer.from([4, 5, 6]) } },
  session: { '77011234567.0': bytes(9, 8, 7, 6), [LONG_ID]: bytes(1) },
  'sender-key': { '120363000000000001@g.us::77011234567::0': Buffer.from('sender key state') },
  'sender-key-memory': { '120363000000000001@g.us': { '77011234567:0@s.whatsapp.net': true } },
  'app-state-sync-key': {
    AAAAAJcN: proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from('app state key'), fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 3] }, timestamp: 1_700_000_000 }),
  },
  'app-state-sync-version': { regular_high: { version: 12, hash: Buffer.alloc(128, 3), indexValueMap: { 'bWFj': { valueMac: bytes(5, 5, 5) } } } },
  'lid-mapping': { '77011234567': '123456789012345', '123456789012345_reverse': '77011234567' },
  'device-list': { '77011234567': ['0', '3', '12'] },
  tctoken: { '77011234567@s.whatsapp.net': { token: Buffer.from('trusted contact token'), timestamp: '1700000000', senderTimestamp: 1_700_000_001 } },
  'identity-key': { '77011234567.0': bytes(5, 0, 1, 2) },
} satisfies SignalDataSet;

type KeyType = keyof SignalDataTypeMap;
const TYPES = Object.keys(EVERY_KEY_TYPE) as KeyType[];

describe('WhatsApp auth state in PostgreSQL', () => {
  it('covers every key type Baileys 7 has, lid-mapping, device-list and tctoken included', () => {
    expect(TYPES.sort()).toEqual(
      ['app-state-sync-key', 'app-state-sync-version', 'device-list', 'identity-key', 'lid-mapping', 'pre-key', 'sender-key', 'sender-key-memory', 'session', 'tctoken'].sort(),
    );
  });

  it('saves the creds on every update and reads them back, Buffers as Buffers', async () => {
    const first = await openPostgresAuthState(w.ctx, account, SECRET);
    const creds = first.state.creds;
    // Baileys draws it at random (0 included), so only its kind is known here.
    expect(Number.isInteger(creds.registrationId) && creds.registrationId >= 0).toBe(true);
    creds.me = { id: '77011234567:7@s.whatsapp.net', name: 'Kyiv Studio', lid: '123456789012345:7@lid' };
    creds.account = { details: Buffer.from('adv'), accountSignatureKey: bytes(1, 2), accountSignature: bytes(3), deviceSignature: bytes(4) };
    creds.routingInfo = Buffer.from('routing');
    await first.saveCreds();
    creds.nextPreKeyId = 42;
    await first.saveCreds();

    const again = await openPostgresAuthState(w.ctx, account, SECRET);
    expect(JSON.parse(toBufferJson(again.state.creds))).toEqual(JSON.parse(toBufferJson(creds)));
    expect(again.state.creds.nextPreKeyId).toBe(42);
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.from(again.state.creds.signedIdentityKey.public)).toEqual(Buffer.from(creds.signedIdentityKey.public));
    expect(again.state.creds.account?.details).toEqual(Buffer.from('adv'));
  });

  it('stores every key type and reads each back through a fresh state (no cache)', async () => {
    const writer = await openPostgresAuthState(w.ctx, account, SECRET);
    await writer.state.keys.set(EVERY_KEY_TYPE);
    const reader = await openPostgresAuthState(w.ctx, account, SECRET);
    for (const type of TYPES) {
      const ids = Object.keys(EVERY_KEY_TYPE[type]);
      const got = await reader.state.keys.get(type, [...ids, 'never-stored']);
      expect(Object.keys(got).sort(), type).toEqual(ids.sort());
      for (const id of ids) expect(toBufferJson(got[id]), `${type} ${id}`).toBe(toBufferJson(EVERY_KEY_TYPE[type][id as never]));
    }
    const session = await reader.state.keys.get('session', ['77011234567.0', LONG_ID]);
    expect(session['77011234567.0']).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(session[LONG_ID]!)).toEqual(Buffer.from([1]));
    const syncKey = (await reader.state.keys.get('app-state-sync-key', ['AAAAAJcN']))['AAAAAJcN'];
    // Baileys reads this type as a protobuf object, as its own file store gives it.
    expect(syncKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(syncKey!.keyData!)).toEqual(Buffer.from('app state key'));
    const token = (await reader.state.keys.get('tctoken', ['77011234567@s.whatsapp.net']))['77011234567@s.whatsapp.net'];
    expect(Buffer.isBuffer(token?.token)).toBe(true);
    expect((await reader.state.keys.get('device-list', ['77011234567']))['77011234567']).toEqual(['0', '3', '12']);
  });

  it('deletes a key set to null, and keeps the rest', async () => {
    const state = await openPostgresAuthState(w.ctx, account, SECRET);
    await state.state.keys.set({ session: { '77011234567.0': null }, 'lid-mapping': { '77011234567': null } });
    const fresh = await openPostgresAuthState(w.ctx, account, SECRET);
    expect(await fresh.state.keys.get('session', ['77011234567.0'])).toEqual({});
    expect(await fresh.state.keys.get('lid-mapping', ['77011234567', '123456789012345_reverse'])).toEqual({ '123456789012345_reverse': '77011234567' });
  });

  it('keeps creds and keys sealed at rest, each bound to its row', async () => {
    const em = emForBusiness(db.orm, w.business.id);
    const row = await em.findOneOrFail(WhatsAppAccountSchema, { id: account.accountId });
    expect(row.creds).toMatch(/^v2:/);
    expect(row.creds).not.toContain('77011234567');
    const keys = await em.find(WhatsAppAuthKeySchema, { account: account.accountId });
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      expect(key.value).toMatch(/^v2:/);
      expect(key.value).not.toContain('trusted contact token');
    }
    // A key id longer than the column is stored by its digest, and still found by its own id.
    expect(keys.every((k) => k.keyId.length <= 255)).toBe(true);
    // Under another APP_SECRET nothing opens.
    await expect(readCreds(w.ctx, account, 'another-secret-another-secret-another')).rejects.toThrow();
    // BufferJSON itself: what Baileys' file store would write.
    expect(fromBufferJson(toBufferJson({ b: Buffer.from([1, 2]), u: bytes(3) }))).toEqual({ b: Buffer.from([1, 2]), u: Buffer.from([3]) });
  });

  it('wipes the creds and every key', async () => {
    const state = await openPostgresAuthState(w.ctx, account, SECRET);
    await state.wipe();
    const em = emForBusiness(db.orm, w.business.id);
    expect((await em.findOneOrFail(WhatsAppAccountSchema, { id: account.accountId })).creds).toBeNull();
    expect(await em.count(WhatsAppAuthKeySchema, { account: account.accountId })).toBe(0);
    // A state opened now starts a new login.
    const fresh = await openPostgresAuthState(w.ctx, account, SECRET);
    expect(fresh.state.creds.me).toBeUndefined();
    expect(toBufferJson(initAuthCreds()).length).toBeGreaterThan(100);
  });
});
