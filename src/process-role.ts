import { z } from 'zod';

/** The roles one build runs as (`ROLE` or `--role`). */
export const PROCESS_ROLES = ['all', 'web', 'worker', 'channels'] as const;

/**
 * What one process does: `all` (the default) everything; `web` the HTTP side (webhooks,
 * panel, API, booking page and web chat); `worker` Agenda's jobs and the outbox;
 * `channels` the long-lived connections (Telegram long polling, linked WhatsApp
 * numbers). Any number of each run against one PostgreSQL.
 */
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** The role as the environment or the command line gives it. */
export const ProcessRoleSchema = z.enum(PROCESS_ROLES, { error: `must be one of ${PROCESS_ROLES.join(', ')}` });

/**
 * The parts of the service a role starts. Every role opens the database (and so takes
 * its turn at the migrations) and builds the chat channels' registry; these flags say
 * which of the long-lived or outward-facing parts run here.
 */
export interface RoleParts {
  /** The HTTP server: panel, API, booking page, web chat, and every webhook route. */
  http: boolean;
  /** Agenda's recurring and one-off jobs (sweeps, reminders' fan-out, backups, calendar sync). */
  jobs: boolean;
  /** The outbox dispatcher for every channel sent over plain HTTP (Telegram, Twilio, e-mail, web chat). */
  outbox: boolean;
  /**
   * The outbox dispatcher for WhatsApp: a linked number sends only through the socket
   * its owning process holds, so it is dispatched where the sockets run.
   */
  whatsappOutbox: boolean;
  /** Telegram long polling, when TELEGRAM_MODE=polling (in webhook mode Telegram calls the `http` processes). */
  telegramPolling: boolean;
  /** Linked WhatsApp numbers started at start-up (each under its advisory lock). */
  whatsappSessions: boolean;
  /** Creating the demo business and the first owner on first start. */
  seed: boolean;
}

const PARTS: Record<ProcessRole, RoleParts> = {
  all: { http: true, jobs: true, outbox: true, whatsappOutbox: true, telegramPolling: true, whatsappSessions: true, seed: true },
  web: { http: true, jobs: false, outbox: false, whatsappOutbox: false, telegramPolling: false, whatsappSessions: false, seed: true },
  worker: { http: false, jobs: true, outbox: true, whatsappOutbox: false, telegramPolling: false, whatsappSessions: false, seed: false },
  channels: { http: false, jobs: false, outbox: false, whatsappOutbox: true, telegramPolling: true, whatsappSessions: true, seed: false },
};

/** What each role does, in a few words (the start banner). */
export const ROLE_SUMMARIES: Record<ProcessRole, string> = {
  all: 'everything',
  web: 'panel, API, booking page, web chat and webhooks',
  worker: 'jobs and the outbox',
  channels: 'Telegram polling, linked WhatsApp numbers and their outbox',
};

/** What the role starts (see {@link RoleParts}). */
export function roleParts(role: ProcessRole): RoleParts {
  return PARTS[role];
}

/**
 * Whether this process receives Telegram updates itself, and registers bots with
 * Telegram: in webhook mode the web processes do (Telegram calls them), in polling
 * mode the channels process does (one poller per bot: two would take each other's
 * updates). `all` does both.
 */
export function receivesTelegramUpdates(role: ProcessRole, mode: 'webhook' | 'polling'): boolean {
  const parts = roleParts(role);
  return mode === 'webhook' ? parts.http : parts.telegramPolling;
}

/** `--role web` or `--role=web` among the command-line arguments, if given. */
export function roleArgument(argv: readonly string[]): string | undefined {
  for (const [index, arg] of argv.entries()) {
    if (arg === '--role') return argv[index + 1] ?? '';
    if (arg.startsWith('--role=')) return arg.slice('--role='.length);
  }
  return undefined;
}
