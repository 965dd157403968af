import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../../src/bots/telegram/chat-command.ts';

describe('chat commands', () => {
  it.each([
    ['/start', { name: 'start', arg: '' }],
    ['  /START  ', { name: 'start', arg: '' }],
    ['/start 3f1c2a10-1111-4222-8333-444455556666', { name: 'start', arg: '3f1c2a10-1111-4222-8333-444455556666' }],
    ['/iam@StudioBot  ABCD2345 ', { name: 'iam', arg: 'ABCD2345' }],
    ['/link\tK7Q9', { name: 'link', arg: 'K7Q9' }],
    ['/help me please', { name: 'help', arg: 'me please' }],
    ['/start123', null],
    ['hello /start', null],
    ['/', null],
    ['', null],
  ])('%j', (text, expected) => {
    expect(parseChatCommand(text)).toEqual(expected);
  });

  it('keeps an argument to 64 characters', () => {
    expect(parseChatCommand(`/iam ${'A'.repeat(100)}`)!.arg).toHaveLength(64);
  });

  it('reads only a bounded prefix: whatever follows it cannot change the answer (so a huge message costs what a short one does)', () => {
    const adversarial = `/a${' '.repeat(4_092)}x\ny`;
    const huge = `/a${' '.repeat(4_092)}${'z'.repeat(100_000)}`;
    const short = '/a';
    expect(parseChatCommand(adversarial)).toEqual({ name: 'a', arg: '' });
    expect(parseChatCommand(huge)).toEqual(parseChatCommand(short));
    // Two texts that agree on the first 160 characters get the same answer, whatever comes after.
    const head = `/book ${'w'.repeat(200)}`;
    expect(parseChatCommand(`${head}${'\n'.repeat(50_000)}end`)).toEqual(parseChatCommand(head));
  });
});
