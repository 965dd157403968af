import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { logContext } from './log-context.ts';

/**
 * Fields whose values never reach the log, at any depth: secrets (a bot token, a
 * password, an API key, a webhook secret, an Authorization header) and what customers
 * write or are (a message's text, a phone number).
 */
const SECRET_FIELD = /^(text|caption)$|token|passw|secret|phone|authori[sz]ation|cookie|api[-_]?key/i;

/** A Telegram bot token (`<bot id>:<35 characters>`), also inside a Bot API URL (`/bot<token>/sendMessage`), plain or URL-encoded. */
const BOT_TOKEN = /\d{6,20}(?::|%3A)[A-Za-z0-9_-]{30,}/gi;



/**
 * A phone number, E.164 or written locally ("+7 701 234-56-78", "8 (701) 2345678").
 * Not a date ("2031-03-05 10:00"), and not digits inside a longer word or id (a UUID's
 * last group, a negative chat id).
 */
const PHONE = /(?<![\w+-])(?!\d{4}-\d\d-\d\d(?!\d))\+?\d[\d ()-]{7,}\d(?![\w-])/g;

export const REDACTED = '[redacted]';

/** `text` with every bot token and phone number replaced (tokens first: a token starts with digits). */
export function redactLogText(text: string): string {
  return text.replace(BOT_TOKEN, '[bot-token]').replace(PHONE, '[phone]');
}

/**
 * A JSON value with secret fields' values replaced and every string passed through
 * {@link redactLogText}. Numbers are kept: log a bot's or a Telegram chat's id as a
 * number to keep it readable (a string of digits may be an SMS chat's phone number).
 */
export function redactLogValue(value: unknown): unknown {
  if (typeof value === 'string') return redactLogText(value);
  if (Array.isArray(value)) return value.map(redactLogValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && field !== null && field !== undefined ? REDACTED : redactLogValue(field);
  }
  return out;
}

/**
 * One finished log line, redacted. Working on the line, after pino has serialised it,
 * catches every way a secret gets in: the message, a child logger's bindings, an error
 * under any key with its stack, its `cause` and the request it carried (grammY's errors
 * carry the message text they failed to send and, for network errors, a URL with the
 * bot token), and what Fastify's own serializers produce.
 */
export function redactLogLine(line: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return redactLogText(line);
  }
  return `${JSON.stringify(redactLogValue(record))}\n`;
}

/**
 * The service's pino logger (JSON lines), redacting as {@link redactLogLine} says.
 * Every logger in src/ is made here; tests pass a `destination` to read what it writes.
 * Each line carries the ids of the request, chat update or job it was written for
 * (`withLogContext`).
 */
export function createRedactingLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const settings: LoggerOptions = {
    ...options,
    // Errors under `error` are serialised like those under `err` (message, stack, own fields).
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, ...options.serializers },
    hooks: { ...options.hooks, streamWrite: redactLogLine },
    // The request, update or job the line is written for (see log-context.ts).
    mixin: (merge, level, logger) => ({ ...logContext(), ...options.mixin?.(merge, level, logger) }),
  };
  return destination ? pino(settings, destination) : pino(settings);
}
