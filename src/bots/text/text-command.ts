/** A `/command args` text, as a customer may type it on SMS or WhatsApp too. */
export interface TextCommand {
  /** Lower-case, without the slash. */
  name: string;
  /** What follows the command, trimmed, at most 64 characters. */
  arg: string;
}

// Only this much of a message is read: a command and a short argument fit; anything
// longer cannot change the outcome, so a huge message costs what a short one does.
// (The same small reading as Telegram's; channel folders do not import each other.)
const READ_AT_MOST = 160;
const COMMAND = /^\/([a-z_]{1,32})(?=\s|$)/i;

/** Reads a command from a text, or null when it is not one. Linear in a bounded prefix. */
export function parseTextCommand(text: string): TextCommand | null {
  const head = text.slice(0, READ_AT_MOST).trimStart();
  const match = COMMAND.exec(head);
  if (!match) return null;
  const arg = head.slice(match[0].length).trim().slice(0, 64);
  return { name: match[1]!.toLowerCase(), arg };
}
