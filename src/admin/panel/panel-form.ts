import type { z } from 'zod';

/** A form's values as typed, kept to fill the form again after an error. */
export type FormValues = Record<string, string | string[]>;

/** A form checked against its schema: the data, or an error key per field with the values typed. */
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string>; values: FormValues };

/**
 * The fields of a posted form (URL-encoded or multipart text fields), as strings or
 * lists of strings. Anything else (files, nested objects) is left out; `_csrf` too.
 */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [key, raw] of Object.entries(body)) {
    if (key === '_csrf') continue;
    const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : isField(v) ? v.value : undefined);
    if (Array.isArray(raw)) out[key] = raw.map(one).filter((v): v is string => v !== undefined);
    else {
      const value = one(raw);
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}

function isField(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && typeof v.value === 'string' && !('file' in v);
}

/**
 * Checks a posted form. Each error is an i18n key under `panel.errors`: the schema's own
 * message when it is a key (`password_too_short`), otherwise one for the issue's kind.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    if (errors[field]) continue;
    errors[field] = /^[a-z][a-z0-9_]*$/.test(issue.message) ? issue.message : genericKey(issue.code);
  }
  return { ok: false, errors, values };
}

function genericKey(code: string): string {
  if (code === 'too_small') return 'too_small';
  if (code === 'too_big') return 'too_big';
  if (code === 'invalid_format') return 'invalid_format';
  return 'invalid';
}

/** An optional text field: empty means absent. */
export function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/**
 * The file posted in a multipart form's `field`, if the form had one with a name or
 * content (an empty file input posts an empty part with no name). A file over the
 * upload limit makes the multipart plugin throw its own 413 here.
 */
export async function uploadedFile(body: unknown, field: string): Promise<Uint8Array | undefined> {
  if (typeof body !== 'object' || body === null || !(field in body)) return undefined;
  const part: unknown = (body as Record<string, unknown>)[field];
  if (typeof part !== 'object' || part === null || !('toBuffer' in part) || typeof part.toBuffer !== 'function') return undefined;
  const filename = 'filename' in part && typeof part.filename === 'string' ? part.filename : '';
  const data: unknown = await (part.toBuffer as () => Promise<unknown>).call(part);
  if (!(data instanceof Uint8Array) || (data.length === 0 && filename === '')) return undefined;
  return data;
}
