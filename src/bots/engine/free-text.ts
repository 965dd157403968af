import { DateTime } from 'luxon';

// Understanding what a chat customer types where a button was expected: an option
// number, an option label, a date or a time of day. Pure: "today" is passed in, and
// every function returns null for anything it does not understand, so the engine can
// try several parsers and fall back to asking again.

/** Longer texts are never a choice, date or time; refusing them early keeps work bounded. */
const MAX_INPUT = 500;
/** Fewest characters a partial (prefix or whole-word) label match needs. */
const MIN_PARTIAL = 3;
// A fixed locale, not the host's default, so results never depend on where the code
// runs. Russian, Ukrainian, Kazakh and English share the default case rules (only
// Turkish, Azerbaijani and Lithuanian differ), so 'ru' is right for all four.
const CASE_LOCALE = 'ru';

/** A sign before a number ("-1", "+2") makes it no date, time or option number. */
function isSigned(text: string): boolean {
  return /^\s*[-+−]/u.test(text);
}

/** Lower-case, ё→е, one kind of apostrophe, single spaces, no punctuation or emoji around. */
function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase(CASE_LOCALE)
    .replaceAll('ё', 'е')
    .replace(/[’ʼ‘`´′]/gu, "'")
    .replace(/\s+/gu, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** Word forms → value: row i of `rows` holds `|`-separated forms meaning `first + i`. */
function vocabulary(first: number, rows: readonly string[]): ReadonlyMap<string, number> {
  const words = new Map<string, number>();
  rows.forEach((forms, i) => {
    for (const form of forms.split('|')) words.set(form, first + i);
  });
  return words;
}

/** Days from today. */
const RELATIVE_DAYS = vocabulary(0, [
  'today|сегодня|сьогодні|бүгін',
  'tomorrow|tmrw|tmr|завтра|ертең|ертен',
  'day after tomorrow|the day after tomorrow|послезавтра|післязавтра|бүрсігүні|арғы күні',
]);

/**
 * ISO weekday (1 = Monday); Russian and Ukrainian also in the accusative ("в среду").
 * Every short form the day buttons print (`formatDay`: "Tue", "вт", "сс") is here, so a
 * label typed back reads as the day it showed.
 */
const WEEKDAYS = vocabulary(1, [
  'monday|mon|понедельник|пн|понеділок|дүйсенбі|дс',
  'tuesday|tue|tues|вторник|вт|вівторок|сейсенбі|сс',
  'wednesday|wed|среда|среду|ср|середа|середу|сәрсенбі',
  'thursday|thu|thur|thurs|четверг|чт|четвер|бейсенбі|бс',
  "friday|fri|пятница|пятницу|пт|п'ятниця|п'ятницю|пятниця|жұма|жума|жм",
  'saturday|sat|суббота|субботу|сб|субота|суботу|сенбі',
  'sunday|sun|воскресенье|вс|неділя|неділю|нд|жексенбі|жс',
]);

/**
 * Month number; Russian and Ukrainian in nominative and genitive ("25 декабря"), Kazakh
 * in nominative and genitive ("наурыздың 4-і"), and every short form the day buttons
 * print ("мар.", "лист.", "нау.").
 */
const MONTHS = vocabulary(1, [
  'january|jan|январь|января|янв|січень|січня|січ|қаңтар|қаңтардың|қаң',
  'february|feb|февраль|февраля|фев|февр|лютий|лютого|лют|ақпан|ақпанның|ақп',
  'march|mar|март|марта|мар|березень|березня|бер|наурыз|наурыздың|нау',
  'april|apr|апрель|апреля|апр|квітень|квітня|квіт|сәуір|сәуірдің|сәу',
  'may|май|мая|травень|травня|трав|мамыр|мамырдың|мам',
  'june|jun|июнь|июня|июн|червень|червня|черв|маусым|маусымның|мау',
  'july|jul|июль|июля|июл|липень|липня|лип|шілде|шілденің|шіл',
  'august|aug|август|августа|авг|серпень|серпня|серп|тамыз|тамыздың|там',
  'september|sep|sept|сентябрь|сентября|сен|сент|вересень|вересня|вер|қыркүйек|қыркүйектің|қыр',
  'october|oct|октябрь|октября|окт|жовтень|жовтня|жовт|қазан|қазанның|қаз',
  'november|nov|ноябрь|ноября|ноя|нояб|листопад|листопада|лис|лист|қараша|қарашаның|қар',
  'december|dec|декабрь|декабря|дек|грудень|грудня|груд|желтоқсан|желтоқсанның|жел',
]);

const CHOICE_NUMBER = /^[#№]? ?(\d{1,6}) ?[.)]?$/u;
// A leading preposition changes nothing: "on friday", "на завтра", "у п'ятницю".
const DATE_PREPOSITION = /^(?:on|for|в|во|у|на) /u;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u;
const NUMERIC_DATE = /^(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/u;
// After the day number: an English or Russian ordinal ending ("4th", "4-го"), a Kazakh
// ordinal or possessive one ("4-ші", "4-і", "2-сі"); Kazakh also writes "8-наурыз".
const DAY_ENDING = String.raw`(?:st|nd|rd|th|-?го|-?е|-(?:ші|шы|сі|сы|і|ы))?`;
const DAY_MONTH_NAME = new RegExp(String.raw`^(\d{1,2})${DAY_ENDING}[ -](\p{L}+)\.?(?: (\d{4}))?$`, 'u');
const MONTH_NAME_DAY = new RegExp(String.raw`^(\p{L}+)\.? (\d{1,2})${DAY_ENDING}(?:,? (\d{4}))?$`, 'u');
const TIME_PREPOSITION = /^(?:at|в|во|о|об|на|к) /u;
// H, HH, H:MM / H.MM / H-MM / HhMM / HчMM, or HHMM; then an optional hour word or am/pm.
const TIME =
  /^(?:(\d{1,2})(?:[:.\-hч](\d{2}))?|(\d{2})(\d{2}))(?: ?(?:h|ч|час|часа|часов|сағ|сағат)| ?([ap])\.? ?m)?$/u;

/**
 * Reads an option number typed instead of pressing a button: "2", " 2 ", "2.", "2)",
 * "#2", "№2" or the keycap emoji "2️⃣".
 *
 * @param text - what the customer typed
 * @param count - how many options were offered
 * @returns the zero-based option index (typed 1 → 0) when the number is 1..count, else null
 */
export function parseChoiceNumber(text: string, count: number): number | null {
  if (text.length > MAX_INPUT || !Number.isInteger(count)) return null;
  const match = CHOICE_NUMBER.exec(text.replace(/[\uFE0F\u20E3]/gu, '').trim().replace(/\s+/gu, ' '));
  if (match === null) return null;
  const typed = Number(match[1]);
  return typed >= 1 && typed <= count ? typed - 1 : null;
}

/**
 * Finds the option whose label the customer typed. Both sides are compared
 * case-insensitively with ё read as е, whitespace collapsed and punctuation or emoji
 * around them ignored. An exact match wins; otherwise, from at least 3 typed
 * characters, the one label that starts with the text or contains it as whole words.
 *
 * @param text - what the customer typed
 * @param labels - the labels of the options offered, in order
 * @returns the index of the matching label, or null when none or several match
 */
export function matchChoiceLabel(text: string, labels: readonly string[]): number | null {
  if (text.length > MAX_INPUT) return null;
  const typed = normalise(text);
  if (typed === '') return null;
  const names = labels.map(normalise);
  const exact = indicesWhere(names, (name) => name === typed);
  if (exact.length > 0) return onlyOne(exact);
  if ([...typed].length < MIN_PARTIAL) return null;
  return onlyOne(indicesWhere(names, (name) => name.startsWith(typed) || containsWords(name, typed)));
}

function indicesWhere(names: readonly string[], test: (name: string) => boolean): number[] {
  return names.flatMap((name, i) => (test(name) ? [i] : []));
}

function onlyOne(indices: readonly number[]): number | null {
  return indices.length === 1 ? (indices[0] ?? null) : null;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** Whether `words` occurs in `name` with no letter or digit directly before or after it. */
function containsWords(name: string, words: string): boolean {
  for (let at = name.indexOf(words); at !== -1; at = name.indexOf(words, at + 1)) {
    if (!isWordChar(name[at - 1]) && !isWordChar(name[at + words.length])) return true;
  }
  return false;
}

/**
 * Reads a date in English, Russian, Ukrainian or Kazakh, case-insensitively:
 * - today / tomorrow / the day after tomorrow ("сегодня", "завтра", "бүрсігүні", …);
 * - a weekday, full or short ("friday", "fri", "пт", "в пятницу", "жұма"): the next such
 *   day on or after today, so today itself when today is that weekday;
 * - day first numbers "25.12", "25/12", "25-12", "25.12.26", "25.12.2026", or ISO
 *   "2026-12-25";
 * - a day and a month name either way round: "25 декабря", "25 грудня", "25 желтоқсан",
 *   "25-желтоқсан", "желтоқсанның 25-і", "dec 25", "25th december 2026";
 * - any of these with its weekday before or after it, as the chat prints dates: "Tue 4
 *   March", "вт, 4 марта", "4 наурыз, сейсенбі", and the day buttons' "4 нау., сс".
 *
 * Without a year the date is the next occurrence: this year when its day and month are
 * on or after today's, else next year; if that year has no such day (29.02 in a common
 * year) the result is null rather than a later year. With a year the date is returned
 * as written, even if past: judging it is the caller's job.
 *
 * @param text - what the customer typed
 * @param today - the business's local date, `YYYY-MM-DD`
 * @returns the date as `YYYY-MM-DD`, or null when not understood or not a real date
 * @throws RangeError when `today` is not a valid `YYYY-MM-DD` date (a programming error)
 */
export function parseLocalDate(text: string, today: string): string | null {
  const base = /^\d{4}-\d{2}-\d{2}$/u.test(today) ? DateTime.fromISO(today, { zone: 'utc' }) : null;
  if (base === null || !base.isValid) throw new RangeError(`today must be a YYYY-MM-DD date, got ${today}`);
  if (text.length > MAX_INPUT || isSigned(text)) return null;
  const phrase = normalise(text).replace(DATE_PREPOSITION, '');
  const offset = RELATIVE_DAYS.get(phrase);
  if (offset !== undefined) return isoDate(base.plus({ days: offset }));
  const weekday = WEEKDAYS.get(phrase);
  if (weekday !== undefined) return isoDate(base.plus({ days: (weekday - base.weekday + 7) % 7 }));

  // A printed date typed back: the weekday before the date ("tue 4 march", "вт, 4 бер.")
  // or after it ("4 наурыз, сейсенбі", "4 нау., сс"). The date decides; the weekday is dropped.
  const dated = withoutWeekday(phrase);
  if (dated !== phrase) return parseLocalDate(dated, today);

  let match = ISO_DATE.exec(phrase);
  if (match !== null) return exactDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = NUMERIC_DATE.exec(phrase);
  if (match !== null) return dayOfMonth(base, Number(match[3]), Number(match[1]), match[4]);
  match = DAY_MONTH_NAME.exec(phrase);
  if (match !== null) return dayOfMonth(base, MONTHS.get(match[2] ?? ''), Number(match[1]), match[3]);
  match = MONTH_NAME_DAY.exec(phrase);
  if (match !== null) return dayOfMonth(base, MONTHS.get(match[1] ?? ''), Number(match[2]), match[3]);
  return null;
}

// A weekday word may hold an apostrophe: "п'ятниця, 7 березня".
const LEADING_WEEKDAY = /^([\p{L}']+)\.?,? (.*\d.*)$/u;
const TRAILING_WEEKDAY = /^(.*\d.*?)\.?,? ([\p{L}']+)$/u;

/** The date part of "weekday, date" or "date, weekday" when the word is a weekday; else the phrase as it was. */
function withoutWeekday(phrase: string): string {
  const leading = LEADING_WEEKDAY.exec(phrase);
  if (leading !== null && WEEKDAYS.has(leading[1] ?? '')) return leading[2] ?? phrase;
  const trailing = TRAILING_WEEKDAY.exec(phrase);
  if (trailing !== null && WEEKDAYS.has(trailing[2] ?? '') && !MONTHS.has(trailing[2] ?? '')) return trailing[1] ?? phrase;
  return phrase;
}

function dayOfMonth(base: DateTime, month: number | undefined, day: number, year: string | undefined): string | null {
  if (month === undefined) return null;
  if (year !== undefined) return exactDate(year.length === 2 ? 2000 + Number(year) : Number(year), month, day);
  const passed = month < base.month || (month === base.month && day < base.day);
  return exactDate(base.year + (passed ? 1 : 0), month, day);
}

function exactDate(year: number, month: number, day: number): string | null {
  const date = DateTime.utc(year, month, day);
  return date.isValid ? isoDate(date) : null;
}

function isoDate(date: DateTime): string | null {
  return date.toISODate() ?? null;
}

/**
 * Reads a time of day: "14:30", "14.30", "14-30", "14h30", "9:05", "1430", "14",
 * "14h", "14ч", "2pm", "2 pm", "2:30 p.m.", with an optional "at" / "в" / "о" before it.
 * With am/pm the hour is 1..12 ("12am" is midnight, "12pm" noon); otherwise 0..23.
 *
 * A bare number is read as an hour: "2" is 02:00 (120). It is just as likely an option
 * number, and "12.05" just as likely a date, so callers decide which parser to try first.
 *
 * @param text - what the customer typed
 * @returns minutes from local midnight, 0..1439, or null when not understood or out of
 *   range ("25:00", "14:61")
 */
export function parseTimeOfDay(text: string): number | null {
  if (text.length > MAX_INPUT || isSigned(text)) return null;
  const match = TIME.exec(normalise(text).replace(TIME_PREPOSITION, ''));
  if (match === null) return null;
  let hour = Number(match[1] ?? match[3]);
  const minute = Number(match[2] ?? match[4] ?? 0);
  const meridiem = match[5];
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : null;
}
