import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('lint: imports point inward, adapters stay apart', () => {
  it.each([
    // Use cases import no adapter.
    ['src/app/booking/example.ts', "import { x } from '../../bots/telegram/telegram-sender.ts';", 'src/app imports no adapter'],
    ['src/app/booking/example.ts', "import { x } from '../../jobs/job-runner.ts';", 'src/app imports no adapter'],
    ['src/app/example.ts', "import { x } from '../admin/http-server.ts';", 'src/app imports no adapter'],
    ['src/app/payments/example.ts', "import { x } from '../../payments/stripe.ts';", 'src/app imports no adapter'],
    ['src/app/booking/example.ts', "import { x } from '../../config.ts';", 'configuration passed in'],
    ['src/app/booking/example.ts', "import { Bot } from 'grammy';", 'no messenger SDK'],
    // The engine imports no messenger SDK and no channel adapter.
    ['src/bots/engine/example.ts', "import { Bot } from 'grammy';", 'channel-neutral'],
    ['src/bots/engine/example.ts', "import { autoRetry } from '@grammyjs/auto-retry';", 'channel-neutral'],
    ['src/bots/engine/example.ts', "import makeWASocket from '@whiskeysockets/baileys';", 'channel-neutral'],
    ['src/bots/engine/example.ts', "import twilio from 'twilio';", 'channel-neutral'],
    ['src/bots/engine/example.ts', "import { x } from '../telegram/telegram-render.ts';", 'channel-neutral'],
    ['src/bots/engine/steps/example.ts', "import { x } from '../../telegram/telegram-render.ts';", 'channel-neutral'],
    ['src/app/payments/deep/example.ts', "import { x } from '../../../payments/stripe.ts';", 'src/app imports no adapter'],
    // Adapters do not import each other.
    ['src/bots/telegram/example.ts', "import { x } from '../../jobs/outbox-dispatcher.ts';", 'Adapters do not import each other'],
    ['src/admin/example.ts', "import { x } from '../bots/telegram/telegram-channel.ts';", 'Adapters do not import each other'],
    ['src/jobs/example.ts', "import { x } from '../bots/notification-messages.ts';", 'Adapters do not import each other'],
    ['src/payments/example.ts', "import { x } from '../admin/http-server.ts';", 'Adapters do not import each other'],
    ['src/bots/example.ts', "import { x } from '../main.ts';", 'configuration passed in'],
    // Raw SQL stays in *-sql.ts files, as named statements.
    ['src/app/booking/example.ts', 'export const f = (em: { getConnection(): unknown }) => em.getConnection();', 'No raw SQL here'],
    ['src/bots/engine/example.ts', 'export const f = (em: { getConnection(): unknown }) => em.getConnection();', 'No raw SQL here'],
    ['src/app/booking/place-slot.ts', "import { businessSql } from '../../db/sql-statement.ts';\nexport const S = businessSql('x', 'select 1 from booking where business_id = :businessId');", 'defined in a *-sql.ts file'],
    ['src/app/booking/booking-sql.ts', 'export const f = (em: { getConnection(): unknown }) => em.getConnection();', 'No raw SQL here'],
  ])('%s: rejects `%s`', async (file, code, expected) => {
    expect((await messagesFor(file, code)).join('\n')).toContain(expected);
  });

  it('allows what the layers may import', async () => {
    expect(await messagesFor('src/app/booking/example.ts', "import { x } from '../../domain/index.ts';\nimport { y } from '../../db/tenant-scope.ts';\nimport { z } from '../shared/app-errors.ts';\nexport const all = [x, y, z];")).toEqual([]);
    expect(await messagesFor('src/bots/telegram/example.ts', "import { Bot } from 'grammy';\nimport { x } from '../../app/booking/hold-slot.ts';\nimport { y } from '../engine/chat-message.ts';\nexport const all = [Bot, x, y];")).toEqual([]);
    expect(await messagesFor('src/jobs/example.ts', "import { x } from '../app/sweeps/release-expired-holds.ts';\nexport const all = [x];")).toEqual([]);
    // app's own capability folders share names with adapters: src/app/payments is not src/payments.
    expect(await messagesFor('src/app/booking/example.ts', "import { x } from '../payments/payment-provider.ts';\nexport const all = [x];")).toEqual([]);
    expect(await messagesFor('src/app/payments/example.ts', "import { x } from './payment-provider.ts';\nexport const all = [x];")).toEqual([]);
    expect(await messagesFor('src/bots/telegram/example.ts', "import { x } from '../engine/chat-message.ts';\nexport const all = [x];")).toEqual([]);
    expect(await messagesFor('src/db/example.ts', 'export const f = (em: { getConnection(): unknown }) => em.getConnection();')).toEqual([]);
    expect(await messagesFor('src/app/booking/booking-sql.ts', "import { businessSql } from '../../db/sql-statement.ts';\nexport const S = businessSql('x', 'select 1 from booking where business_id = :businessId');")).toEqual([]);
    expect(await messagesFor('src/jobs/outbox-cli.ts', "import { parseConfig } from '../config.ts';\nexport const all = [parseConfig];")).toEqual([]);
  });

  it('keeps the domain rules in force alongside them', async () => {
    expect((await messagesFor('src/domain/example.ts', 'export const now = Date.now();')).join('\n')).toContain('No clock');
  });
});
