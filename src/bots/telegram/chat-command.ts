/** A `/command args` message, as customers and staff type it. */
export interface ChatCommand {
  /** Lower-case, without the slash and the `@bot` suffix. */
  name: string;
  /** What follows the command, trimmed, at most 64 characters. */
  arg: string;
}

// Only this much of a message is read: a command, a bot name and a short argument fit;
// anything longer cannot change the outcome, so a huge message costs what a short one does.
const READ_AT_MOST = 160;
const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]{1,64})?(?=\s|$)/i;

/**
 * Reads a command from a message's text, or null when it is not one. Linear in a
 * bounded prefix of the text: no pattern here can backtrack over the rest.
 */
export function parseChatCommand(text: string): ChatCommand | null {
  const head = text.slice(0, READ_AT_MOST).trimStart();
  const match = COMMAND.exec(head);
  if (!match) return null;
  const arg = head.slice(match[0].length).trim().slice(0, 64);
  return { name: match[1]!.toLowerCase(), arg };
}
