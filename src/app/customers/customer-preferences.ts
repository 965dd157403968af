import { z } from 'zod';

/** The most preferences one card keeps. */
export const MAX_PREFERENCES = 30;

// One preference: a name of at most 40 characters, a value of at most 500 as JSON.
const short = ([key, value]: [string, unknown]) => key.length >= 1 && key.length <= 40 && JSON.stringify(value ?? null).length <= 500;

/**
 * Preferences as stored: a flat object of at most {@link MAX_PREFERENCES} short entries
 * (checked as a whole, so a form shows the error at its one field).
 */
export const CustomerPreferences = z
  .record(z.string(), z.unknown())
  .refine((p) => Object.keys(p).length <= MAX_PREFERENCES, 'customers_preferences_over_limit')
  .refine((p) => Object.entries(p).every(short), 'customers_preference_too_long');

/**
 * Preferences as a person edits them: one `name: value` per line (`specialist: Dana`).
 * A value that reads as JSON other than text (`true`, `3`, `["a"]`) keeps its type, so
 * what a chat stored survives an edit in the panel; blank lines are skipped, a line
 * without `:` is refused. Messages are keys under `panel.errors`.
 */
export const PreferencesText = z
  .string()
  .max(10_000, 'customers_preferences_over_limit')
  .transform((text, ctx) => {
    const out: Record<string, unknown> = {};
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const at = line.indexOf(':');
      if (at <= 0 || line.slice(0, at).trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'customers_preference_line' });
        return z.NEVER;
      }
      out[line.slice(0, at).trim()] = typedValue(line.slice(at + 1).trim());
    }
    return out;
  })
  .pipe(CustomerPreferences);

function typedValue(text: string): unknown {
  if (!/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Preferences as the lines {@link PreferencesText} reads back. */
export function preferencesText(preferences: Record<string, unknown>): string {
  return Object.entries(preferences)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}
