import pino from 'pino';
import { openPostgresAuthState } from '../../../src/bots/whatsapp/postgres-auth-state.ts';
import { ensureWhatsAppAccount, recordWhatsAppState, type StoredWhatsAppAccount } from '../../../src/bots/whatsapp/whatsapp-accounts.ts';
import { startWhatsAppChannel, type WhatsAppChannel, type WhatsAppChannelOptions } from '../../../src/bots/whatsapp/whatsapp-channel.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { fakeSocketFactory } from './fake-whatsapp-socket.ts';

/** The APP_SECRET the WhatsApp tests seal creds and keys under. */
export const WA_SECRET = 'whatsapp-channel-test-secret-0123456789abcdef';
/** The business's own number, as the socket reports its account. */
export const BUSINESS_JID = '77010000001:3@s.whatsapp.net';

let translator: Translator | undefined;

/** One translator for a test file. */
export async function testTranslator(): Promise<Translator> {
  translator ??= await createTranslator(await loadMessages());
  return translator;
}

/** A number that was linked earlier: creds signed into an account, stored sealed, state `connected`. */
export async function linkedAccount(w: BookingWorld, phone = '+77010000001'): Promise<StoredWhatsAppAccount> {
  const account = await ensureWhatsAppAccount(w.ctx, w.business.id);
  const auth = await openPostgresAuthState(w.ctx, account, WA_SECRET);
  auth.state.creds.me = { id: `${phone.slice(1)}:3@s.whatsapp.net`, name: 'Kyiv Studio' };
  auth.state.creds.account = { details: Buffer.from('adv'), accountSignatureKey: Buffer.from('k'), accountSignature: Buffer.from('s'), deviceSignature: Buffer.from('d') };
  await auth.saveCreds();
  await recordWhatsAppState(w.ctx, account, 'connected', { phone });
  return account;
}

/** A channel on fake sockets and a fast pace, its locks on their own connection to the test database. */
export async function startTestChannel(
  w: BookingWorld,
  databaseUrl: string,
  options: WhatsAppChannelOptions = {},
): Promise<{ channel: WhatsAppChannel; fake: ReturnType<typeof fakeSocketFactory>; qrs: string[] }> {
  const fake = fakeSocketFactory();
  const qrs: string[] = [];
  const channel = await startWhatsAppChannel(
    { ctx: w.ctx, translator: await testTranslator(), logger: pino({ level: 'silent' }), appSecret: WA_SECRET, idleMinutes: 30, databaseUrl },
    {
      socketFactory: fake.factory,
      pace: { numberGapMs: [0, 2], chatGapMs: [0, 2] },
      reconnect: { baseMs: 20, maxMs: 200, lockRetryMs: 50 },
      onQr: (_business, text) => qrs.push(text),
      ...options,
    },
  );
  return { channel, fake, qrs };
}

/** Resolves after `ms` (to show that something did not happen meanwhile). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
