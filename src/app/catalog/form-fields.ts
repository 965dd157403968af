import { z } from 'zod';

// The set-up forms (services, resources, promo codes) post strings; the onboarding
// wizard and later the REST API pass numbers and booleans. These field schemas take
// both, so one schema serves every caller. Messages are i18n keys under `panel.errors`.
// Text fields are the shared `textField` (`../shared/input-schemas.ts`); local days and
// date-times are in `local-date-time.ts`.

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function toNumber(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  const text = v.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : v;
}

/** A whole number typed in a form, within `min..max` (`key` for anything else, `required` when blank). */
export function integerField(min: number, max: number, key: string) {
  return z.preprocess(
    toNumber,
    z
      .number({ error: (issue) => (issue.input === undefined ? 'required' : key) })
      .int(key)
      .min(min, key)
      .max(max, key),
  );
}

/** Like {@link integerField}, but blank or missing is `undefined`. */
export function optionalIntegerField(min: number, max: number, key: string) {
  return z.preprocess(toNumber, z.number({ error: key }).int(key).min(min, key).max(max, key).optional());
}

/**
 * A checkbox: the form posts `''` (its hidden twin) when unticked and `['', 'on']` when
 * ticked; a caller may pass a boolean. Missing means `fallback`.
 */
export function checkboxField(fallback: boolean) {
  return z.preprocess((value) => {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    const list: unknown[] = Array.isArray(value) ? value : [value];
    return list.some((v) => v === true || v === 'on' || v === 'true' || v === '1');
  }, z.boolean());
}

function majorAmountText(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? String(value) : 'x';
  if (typeof value !== 'string') return value;
  const text = value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return text === '' ? undefined : text;
}

const MAJOR_AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;

/**
 * An amount in major units (`8000`, `12.50`, `12,50`, `8 000`) as a canonical decimal
 * string (`12.50`, `8000`), converted to minor units with the business's currency by
 * the use case (see `currency-amount.ts`). Blank or missing is `required`.
 */
export function majorAmountField(key: string) {
  return z.preprocess(majorAmountText, z.string({ error: (issue) => (issue.input === undefined ? 'required' : key) }).regex(MAJOR_AMOUNT, key));
}

/** Like {@link majorAmountField}, but blank or missing is `undefined`. */
export function optionalMajorAmountField(key: string) {
  return z.preprocess(majorAmountText, z.string({ error: key }).regex(MAJOR_AMOUNT, key).optional());
}

/**
 * A kind of resource (`room`, `chair`, `massage-table`): lower-cased, letters, digits,
 * `-` and `_`, up to 64 characters. Blank or missing is `null` (none).
 */
export function resourceKindField() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toLowerCase()) : v),
    z.string({ error: 'resources_kind_invalid' }).regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N}_-]{0,63}$/u, 'resources_kind_invalid').nullish(),
  );
}

/** A percentage typed with up to two decimals (`10`, `12.5`), as basis points (1000 = 10 %), within `min..max` basis points. */
export function basisPointsField(min: number, max: number, key: string) {
  return z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (typeof v === 'number') {
        // 12.5 → 1250; 12.345 has a third decimal and is refused.
        const points = Math.round(v * 100);
        return Math.abs(points - v * 100) < 1e-6 ? points : NaN;
      }
      if (typeof v !== 'string') return v;
      const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(v.trim().replace(/\s*%$/, ''));
      return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN;
    },
    z
      .number({ error: (issue) => (issue.input === undefined ? 'required' : key) })
      .int(key)
      .min(min, key)
      .max(max, key),
  );
}
