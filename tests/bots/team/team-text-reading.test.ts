import { beforeAll, describe, expect, it } from 'vitest';
import { readTeamActionChoice } from '../../../src/bots/team/team-actions.ts';
import { readCancelCommand } from '../../../src/bots/team/team-cancel.ts';
import { readTeamCommand } from '../../../src/bots/team/team-command-text.ts';
import { readMessageCommand } from '../../../src/bots/team/team-message-customer.ts';
import { readTypedTeamAction } from '../../../src/bots/team/typed-team-action.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';

let translator: Translator;
beforeAll(async () => {
  translator = await createTranslator(await loadMessages());
});

describe('reading a team command', () => {
  it.each([
    ['/link ABCD2345', true, { name: 'link', arg: 'ABCD2345' }],
    ['/link@studio_bot abcd2345', false, { name: 'link', arg: 'abcd2345' }],
    ['/iam', false, { name: 'iam', arg: '' }],
    ['/chats', true, { name: 'chats', arg: '' }],
    ['link ABCD2345', true, { name: 'link', arg: 'ABCD2345' }],
    ['  Unlink ', true, { name: 'unlink', arg: '' }],
    ['iam abcd2345', true, { name: 'iam', arg: 'abcd2345' }],
  ])('%j (plain words %s) is a command', (text, plainWords, expected) => {
    expect(readTeamCommand(text, { plainWords })).toEqual(expected);
  });

  it.each([
    ['link ABCD2345', false],
    ['/start', true],
    ['link', true],
    ['link to the price list', true],
    ['chats are busy', true],
    ['unlink ABCD2345', true],
    ['linking ABCD2345', true],
    ['hello /link ABCD2345', true],
  ])('%j (plain words %s) is not', (text, plainWords) => {
    expect(readTeamCommand(text, { plainWords })).toBeNull();
  });

  it('reads only the start of a huge message', () => {
    expect(readTeamCommand(`/link ${'A'.repeat(100_000)}`, { plainWords: true })?.arg).toHaveLength(64);
  });
});

describe('reading a post choice', () => {
  const id = '0b7e8a52-6a3c-4f7e-9a55-3d0c1f1d2e3f';
  it('reads the actions posts carry, nothing else', () => {
    expect(readTeamActionChoice(`tb-approve:${id}`)).toEqual({ action: 'approve', bookingId: id });
    expect(readTeamActionChoice(`tb-noshow:${id}`)).toEqual({ action: 'noshow', bookingId: id });
    for (const forged of ['tb-decline:xyz', 'tb-paid:', 'nonsense', `tb-delete:${id}`, `rm-ok:${id}`]) expect(readTeamActionChoice(forged)).toBeNull();
  });
});

describe('reading a reply typed under a booking post', () => {
  const awaiting = ['approve', 'decline'] as const;
  const confirmed = ['arrived', 'noshow'] as const;
  const post = (...actions: string[]) => ['🆕 New booking', 'Olena (+380671000000) — Consultation, Specialist 1, 5 March 15:00', 'Status: waiting for your confirmation', ...actions].join('\n');

  it.each([
    ['1', post('1 ✅ Confirm', '2 ✖️ Decline'), 'approve'],
    [' 2. ', post('1 ✅ Confirm', '2 ✖️ Decline'), 'decline'],
    ['1', post('*1* — Confirm', '*2* — Decline'), 'approve'],
    ['1', post('1) Подтвердить', '2) Отклонить'), 'approve'],
  ])('%j under the post it numbers acts', (typed, quoted, action) => {
    expect(readTypedTeamAction(translator, typed, awaiting, quoted)).toEqual({ kind: 'action', action });
  });

  it('a number whose line named another action is out of date', () => {
    expect(readTypedTeamAction(translator, '1', confirmed, post('1 ✅ Confirm', '2 ✖️ Decline'))).toEqual({ kind: 'out_of_date' });
    expect(readTypedTeamAction(translator, '2', [], post('1 ✅ Confirm', '2 ✖️ Decline'))).toEqual({ kind: 'out_of_date' });
    // Without the quoted text nothing can be checked.
    expect(readTypedTeamAction(translator, '1', awaiting, null)).toEqual({ kind: 'out_of_date' });
  });

  it('a number no line carries is not understood', () => {
    expect(readTypedTeamAction(translator, '3', awaiting, post('1 ✅ Confirm', '2 ✖️ Decline'))).toEqual({ kind: 'not_understood' });
    expect(readTypedTeamAction(translator, '0', awaiting, post('1 ✅ Confirm', '2 ✖️ Decline'))).toEqual({ kind: 'not_understood' });
    expect(readTypedTeamAction(translator, '5', awaiting, null)).toEqual({ kind: 'not_understood' });
  });

  it.each([
    ['Confirm', 'approve'],
    ['approve', 'approve'],
    ['✖️ decline!', 'decline'],
    ['Растау', 'approve'],
    ['оплачено', 'paid'],
    ['no-show', 'noshow'],
    ['Клиент пришёл', 'arrived'],
    ['Келді', 'arrived'],
    ['cancel', 'cancel'],
    ['❌ Отменить запись', 'cancel'],
    ['жазбадан бас тарту', 'cancel'],
  ])('the word %j means its action whatever the post shows', (typed, action) => {
    expect(readTypedTeamAction(translator, typed, confirmed, null)).toEqual({ kind: 'action', action });
  });

  it.each(['who takes this one?', 'ok', 'confirmed, thanks', ''])('%j is talk, not an action', (typed) => {
    expect(readTypedTeamAction(translator, typed, awaiting, post('1 ✅ Confirm', '2 ✖️ Decline'))).toBeNull();
  });
});

describe('reading /cancel typed under a booking post', () => {
  it.each([
    ['/cancel The specialist is ill', { reason: 'The specialist is ill' }],
    ['  /CANCEL@studio_bot  Flooded room \n sorry ', { reason: 'Flooded room \n sorry' }],
    ['/cancel', { reason: '' }],
    ['/cancel@studio_bot', { reason: '' }],
  ])('%j gives its reason', (text, expected) => {
    expect(readCancelCommand(text)).toEqual(expected);
  });

  it.each(['cancel it please', '/cancelled', 'please /cancel this', '/canc'])('%j is not /cancel', (text) => {
    expect(readCancelCommand(text)).toBeNull();
  });

  it('keeps at most 500 characters of a reason', () => {
    expect(readCancelCommand(`/cancel ${'x'.repeat(10_000)}`)?.reason).toHaveLength(500);
  });
});

describe('reading /msg typed under a booking post', () => {
  it.each([
    ['/msg See you at 15:00!', { text: 'See you at 15:00!' }],
    ['/MSG@studio_bot  Bring the card ', { text: 'Bring the card' }],
    ['/msg', { text: '' }],
  ])('%j gives its text', (text, expected) => {
    expect(readMessageCommand(text)).toEqual(expected);
  });

  it.each(['msg her please', '/msgs', 'tell her /msg hi', '/message hi'])('%j is not /msg', (text) => {
    expect(readMessageCommand(text)).toBeNull();
  });
});
