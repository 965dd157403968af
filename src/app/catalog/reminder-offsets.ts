import { z } from 'zod';

/** How many reminders a booking may get. */
export const MAX_REMINDERS = 5;
/** The earliest reminder before the start: 5 minutes. */
export const MIN_REMINDER_MINUTES = 5;
/** The furthest reminder before the start: 14 days. */
export const MAX_REMINDER_MINUTES = 14 * 24 * 60;

// Units people type after a number, in the panel's four languages (no unit: minutes).
const UNIT_MINUTES: Readonly<Record<string, number>> = Object.fromEntries([
  ...['', 'm', 'min', 'mins', 'minute', 'minutes', 'м', 'мин', 'хв', 'минут', 'хвилин'].map((u) => [u, 1]),
  ...['h', 'hr', 'hrs', 'hour', 'hours', 'ч', 'час', 'часа', 'часов', 'г', 'год', 'годин', 'години', 'сағ', 'сағат'].map((u) => [u, 60]),
  ...['d', 'day', 'days', 'д', 'дн', 'день', 'дня', 'дней', 'днів', 'дні', 'доба', 'күн'].map((u) => [u, 24 * 60]),
]);

/** Why a list of reminder offsets is refused, as an i18n key under `panel.errors`. */
export type ReminderOffsetsError = 'policies_reminders_format' | 'policies_reminders_count' | 'policies_reminders_range' | 'policies_reminders_duplicate';

/**
 * Reads reminder offsets as a person types them: comma-separated amounts before the
 * start, each a number of minutes or a number with a unit (`1440, 120`, `24h, 2h`,
 * `1d, 1h 30m`, `24ч, 2ч`). Parts of one offset add up (`1h 30m` = 90). The result is
 * sorted from the earliest reminder to the last (largest offset first).
 */
export function parseReminderOffsets(text: string): { ok: true; minutes: number[] } | { ok: false; error: ReminderOffsetsError } {
  const pieces = text
    .split(/[,;]/)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  const minutes: number[] = [];
  for (const piece of pieces) {
    const total = pieceMinutes(piece);
    if (total === null) return { ok: false, error: 'policies_reminders_format' };
    minutes.push(total);
  }
  return checkReminderOffsets(minutes);
}

// One offset: amounts with units, added up (`1h 30m`); null when something else is typed.
function pieceMinutes(piece: string): number | null {
  const token = /^(\d{1,6})(?!\d)\s*(?:(\p{L}+)\.?)?\s*/u;
  let rest = piece;
  let total = 0;
  while (rest !== '') {
    const match = token.exec(rest);
    const factor = match ? UNIT_MINUTES[match[2] ?? ''] : undefined;
    if (!match || factor === undefined) return null;
    total += Number(match[1]) * factor;
    rest = rest.slice(match[0].length);
  }
  return total;
}

/** Checks a list of offsets in minutes: 1–5 of them, each 5 minutes to 14 days, no two alike. */
export function checkReminderOffsets(minutes: readonly number[]): { ok: true; minutes: number[] } | { ok: false; error: ReminderOffsetsError } {
  if (minutes.length === 0 || minutes.length > MAX_REMINDERS) return { ok: false, error: 'policies_reminders_count' };
  if (minutes.some((m) => !Number.isInteger(m) || m < MIN_REMINDER_MINUTES || m > MAX_REMINDER_MINUTES)) return { ok: false, error: 'policies_reminders_range' };
  if (new Set(minutes).size !== minutes.length) return { ok: false, error: 'policies_reminders_duplicate' };
  return { ok: true, minutes: [...minutes].sort((a, b) => b - a) };
}

/** Offsets as the form shows them: `24h, 2h`, `2d, 1h 30m, 45m`. {@link parseReminderOffsets} reads them back. */
export function formatReminderOffsets(minutes: readonly number[]): string {
  return minutes
    .map((m) => {
      if (m >= 2 * 24 * 60 && m % (24 * 60) === 0) return `${m / (24 * 60)}d`;
      if (m % 60 === 0) return `${m / 60}h`;
      return m > 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
    })
    .join(', ');
}

/**
 * The reminder offsets of a form (text, see {@link parseReminderOffsets}) or of a caller
 * that passes minutes (`[1440, 120]`), as minutes from the earliest reminder to the last.
 */
export function reminderOffsetsField() {
  return z.union([z.string().max(200, 'policies_reminders_format'), z.array(z.number())], { error: 'policies_reminders_format' }).transform((value, ctx) => {
    const result = typeof value === 'string' ? parseReminderOffsets(value) : checkReminderOffsets(value);
    if (result.ok) return result.minutes;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  });
}
