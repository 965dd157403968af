import { describe, expect, it } from 'vitest';
import { createRedactingLogger, redactLogText, redactLogValue } from '../src/redacting-logger.ts';

const TOKEN = '7123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const PHONE = '+7 701 234-56-78';
const PHONE_DIGITS = ['7012345678', '701 234', '234-56-78'];

/** A logger built as main.ts builds it, writing to memory; returns the lines written. */
function capture(): { logger: ReturnType<typeof createRedactingLogger>; lines: () => string[] } {
  const written: string[] = [];
  const logger = createRedactingLogger({ level: 'debug', base: { service: 'bookchat' } }, { write: (line: string) => void written.push(line) });
  return { logger, lines: () => written };
}

/** What a failed Bot API call looks like: grammY's network error, wrapping fetch's, plus the call's payload. */
function telegramError(): Error {
  const cause = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: connect ECONNREFUSED`);
  const error = new Error(`Network request for 'sendMessage' failed! (https://api.telegram.org/bot${TOKEN}/sendMessage) while telling Anna ${PHONE}`, { cause });
  Object.assign(error, { method: 'sendMessage', payload: { chat_id: 42, text: `Anna, your booking is confirmed. We call ${PHONE} if late.` } });
  return error;
}

function expectClean(lines: string[]): void {
  const all = lines.join('');
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain(TOKEN.split(':')[1]);
  for (const digits of PHONE_DIGITS) expect(all).not.toContain(digits);
  expect(all).not.toContain('Anna, your booking');
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
}

describe('the redacting logger', () => {
  it('never writes a bot token or a phone number, wherever they are in what is logged', () => {
    const { logger, lines } = capture();
    logger.error({ err: telegramError(), booking: 'b-1' }, 'telegram send failed');
    logger.error(telegramError());
    logger.warn({ error: telegramError() }, `retrying ${TOKEN}`);
    logger.info({ customer: { name: 'Anna', phone: PHONE, phoneTrusted: true }, text: 'hello', token: TOKEN, password: 'hunter2hunter2', headers: { authorization: 'Bearer abc' } }, 'customer wrote');
    logger.child({ botToken: TOKEN, chat: PHONE }).info(`contact shared: ${PHONE.replaceAll(' ', '')}`);

    expect(lines()).toHaveLength(5);
    expectClean(lines());
    expect(lines().join('')).not.toContain('hunter2');
    expect(lines().join('')).not.toContain('Bearer abc');
    // What remains is still useful: the message, the error's type and stack, ids.
    const [first, second] = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ msg: 'telegram send failed', booking: 'b-1', service: 'bookchat', err: { type: 'Error', method: 'sendMessage', payload: { chat_id: 42, text: '[redacted]' } } });
    expect(JSON.stringify(first)).toContain('[bot-token]');
    expect(JSON.stringify(first)).toContain('at telegramError');
    expect(second!['msg']).toContain("Network request for 'sendMessage' failed!");
  });

  it.each([
    ['a bot token in a URL', `GET https://api.telegram.org/bot${TOKEN}/getMe`, 'GET https://api.telegram.org/bot[bot-token]/getMe'],
    ['an E.164 number', 'call +77012345678 now', 'call [phone] now'],
    ['a spaced number with brackets', 'tel 8 (701) 234-56-78.', 'tel [phone].'],
    ['a date and time', 'slot 2031-03-05 10:00 taken', 'slot 2031-03-05 10:00 taken'],
    ['an ISO timestamp', 'at 2031-03-05T10:00:00.000Z', 'at 2031-03-05T10:00:00.000Z'],
    ['a UUID', 'booking 550e8400-e29b-41d4-a716-446655440000', 'booking 550e8400-e29b-41d4-a716-446655440000'],
    ['a UUID starting with digits', 'booking 12345678-1234-5678-9abc-def012345678', 'booking 12345678-1234-5678-9abc-def012345678'],
    ['a group chat id', 'chat -1001234567890', 'chat -1001234567890'],
    ['short numbers', 'port 5433, 12 slots, 14:00-15:00', 'port 5433, 12 slots, 14:00-15:00'],
    ['a URL-encoded bot token', `token=${TOKEN.replace(':', '%3A')}`, 'token=[bot-token]'],
  ])('redacts text: %s', (_what, text, expected) => {
    expect(redactLogText(text)).toBe(expected);
  });

  it('keeps ids logged as numbers readable; digits in strings may be a phone and are hidden', () => {
    expect(redactLogValue({ bot: 7123456789, chat: 512345678, chatId: '+77012345678', msg: 'chat 512345678 says +77012345678' })).toEqual({
      bot: 7123456789,
      chat: 512345678,
      chatId: '[phone]',
      msg: 'chat [phone] says [phone]',
    });
    expect(redactLogValue({ bot: TOKEN })).toEqual({ bot: '[bot-token]' });
  });
});
