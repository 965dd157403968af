/**
 * `text` cut to at most `max` UTF-16 units (the unit JavaScript lengths, Telegram's and
 * Twilio's limits count in), never between the two halves of a surrogate pair: half an
 * emoji is not UTF-8 at all, and a provider refuses the whole message it sits in.
 * Used wherever a customer's or team member's own words are shortened to a limit.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** `text` with any lone surrogate (half an emoji, which JSON can carry as an escape) made U+FFFD, as a UTF-8 decoder would. */
export function wellFormedText(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}
