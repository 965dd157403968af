import { z } from 'zod';
import type { WebChatEntry } from '../../app/channels/web-chat.ts';

/**
 * What a `web_chat_message` row holds in `body`, by author. The business's messages are
 * stored already worded in the conversation's language (a reload shows what was said,
 * in the words it was said in); choices keep the conversation version they were drawn
 * for, so a pressed old menu is recognised as stale.
 */
export const BusinessBody = z.object({
  lines: z.array(z.string()),
  choices: z.array(z.array(z.object({ id: z.string().min(1).max(64), label: z.string() }))),
  /** The conversation version the choices belong to; null for buttons that stay valid (reminders). */
  version: z.number().int().nonnegative().nullable(),
  links: z.array(z.object({ label: z.string(), url: z.string() })).default([]),
  /** A PNG (a payment QR), base64. */
  image: z.object({ png: z.string(), caption: z.string().optional() }).optional(),
  /** The outbox delivery this message came from: a send repeated after a crash is not stored twice. */
  deliveryId: z.string().optional(),
});
/** A business message's body. */
export type BusinessBody = z.output<typeof BusinessBody>;

/** What the visitor wrote or pressed, as they see it in the history. */
export const VisitorBody = z.object({ text: z.string() });
/** A visitor message's body. */
export type VisitorBody = z.output<typeof VisitorBody>;

/**
 * A pressed choice as the page sends it back: `<version>|<id>`, or `g|<id>` for a
 * choice that stays valid (a reminder's buttons).
 */
export const ChoiceValue = z
  .string()
  .max(80)
  .regex(/^(g|\d{1,10})\|[^|\s][^\s]{0,63}$/)
  .transform((value) => {
    const bar = value.indexOf('|');
    const head = value.slice(0, bar);
    return { version: head === 'g' ? null : Number(head), id: value.slice(bar + 1) };
  });

/** The value a choice's button sends back (see {@link ChoiceValue}). */
export function choiceValue(version: number | null, id: string): string {
  return `${version ?? 'g'}|${id}`;
}

// Only web links open from the page: a `javascript:` map link typed by an owner is shown as text.
const WebUrl = z.url({ protocol: /^https?$/ });

/** The page's view of a stored row; null for a body this release cannot read (it is skipped). */
export function entryOf(row: { seq: number; author: 'visitor' | 'business'; body: unknown }): WebChatEntry | null {
  if (row.author === 'visitor') {
    const body = VisitorBody.safeParse(row.body);
    return body.success ? { seq: row.seq, author: 'visitor', lines: [body.data.text], choices: [], links: [] } : null;
  }
  const parsed = BusinessBody.safeParse(row.body);
  if (!parsed.success) return null;
  const body = parsed.data;
  const links = body.links.filter((l) => WebUrl.safeParse(l.url).success);
  const shownAsText = body.links.filter((l) => !links.includes(l)).map((l) => `${l.label}: ${l.url}`);
  return {
    seq: row.seq,
    author: 'business',
    lines: [...body.lines, ...shownAsText],
    choices: body.choices.map((row) => row.map((c) => ({ value: choiceValue(body.version, c.id), label: c.label }))),
    links,
    ...(body.image ? { image: { src: `data:image/png;base64,${body.image.png}`, ...(body.image.caption ? { caption: body.image.caption } : {}) } } : {}),
  };
}
