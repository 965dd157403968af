import { describe, expect, it } from 'vitest';
import { PROCESS_ROLES, receivesTelegramUpdates, roleArgument, roleParts, type ProcessRole, type RoleParts } from '../src/process-role.ts';

describe('roleParts', () => {
  // The table the README and docs/deploy.md describe: what each role starts.
  it.each<[ProcessRole, Partial<RoleParts>]>([
    ['all', { http: true, jobs: true, outbox: true, whatsappOutbox: true, telegramPolling: true, whatsappSessions: true, seed: true }],
    ['web', { http: true, jobs: false, outbox: false, whatsappOutbox: false, telegramPolling: false, whatsappSessions: false, seed: true }],
    ['worker', { http: false, jobs: true, outbox: true, whatsappOutbox: false, telegramPolling: false, whatsappSessions: false, seed: false }],
    ['channels', { http: false, jobs: false, outbox: false, whatsappOutbox: true, telegramPolling: true, whatsappSessions: true, seed: false }],
  ])('%s starts %o', (role, parts) => {
    expect(roleParts(role)).toEqual(parts);
  });

  it('leaves no part unstarted when one process of each role runs, and starts each singleton part once', () => {
    const split = PROCESS_ROLES.filter((role) => role !== 'all').map(roleParts);
    for (const part of Object.keys(roleParts('all')) as (keyof RoleParts)[]) {
      expect(split.some((parts) => parts[part]), part).toBe(true);
    }
    // The outbox of a channel is dispatched by exactly one role.
    expect(split.filter((parts) => parts.outbox)).toHaveLength(1);
    expect(split.filter((parts) => parts.whatsappOutbox)).toHaveLength(1);
  });
});

describe('receivesTelegramUpdates', () => {
  it.each<[ProcessRole, 'webhook' | 'polling', boolean]>([
    ['all', 'webhook', true],
    ['all', 'polling', true],
    ['web', 'webhook', true],
    ['web', 'polling', false],
    ['worker', 'webhook', false],
    ['worker', 'polling', false],
    ['channels', 'webhook', false],
    ['channels', 'polling', true],
  ])('%s in %s mode: %s', (role, mode, receives) => {
    expect(receivesTelegramUpdates(role, mode)).toBe(receives);
  });
});

describe('roleArgument', () => {
  it.each<[string[], string | undefined]>([
    [[], undefined],
    [['--role', 'web'], 'web'],
    [['--role=worker'], 'worker'],
    [['--inspect', '--role', 'channels'], 'channels'],
    [['--role'], ''],
  ])('%o gives %o', (argv, role) => {
    expect(roleArgument(argv)).toBe(role);
  });
});
