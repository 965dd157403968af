/** The team's chat commands. */
export const TEAM_COMMANDS = ['link', 'unlink', 'chats', 'iam', 'today', 'tomorrow'] as const;
/** One of the team's chat commands. */
export type TeamCommandName = (typeof TEAM_COMMANDS)[number];

/** A team command read from a message. */
export interface TeamCommand {
  name: TeamCommandName;
  /** What follows the command, trimmed, at most 64 characters (the link code). */
  arg: string;
}

// Only this much of a message is read: a command, a bot name and a code fit; anything
// longer cannot change the outcome, so a huge message costs what a short one does.
const READ_AT_MOST = 160;
const SLASHED = /^\/([a-z_]{1,32})(?:@[a-z0-9_]{1,64})?(?=\s|$)/i;
// Without the slash, only the whole message counts, and `link`/`iam` only with one word
// of a code's length after them: a group chats, and "link to the site?" is not a command.
const PLAIN = /^(link|iam|unlink|chats|today|tomorrow)(?:\s+([0-9a-z]{8}))?\s*$/i;

const isTeamCommand = (name: string): name is TeamCommandName => (TEAM_COMMANDS as readonly string[]).includes(name);

/**
 * Reads a team command: `/link <code>`, `/unlink`, `/chats`, `/iam <code>`, `/today`,
 * `/tomorrow` (a Telegram
 * `@bot` suffix allowed), or, in a group (`plainWords`), the same without the slash
 * ("link ABCD2345", "chats") for channels with no command menu. Null when the message
 * is not one. Linear in a bounded prefix of the text.
 */
export function readTeamCommand(text: string, options: { plainWords: boolean }): TeamCommand | null {
  const head = text.slice(0, READ_AT_MOST).trim();
  const slashed = SLASHED.exec(head);
  if (slashed) {
    const name = slashed[1]!.toLowerCase();
    return isTeamCommand(name) ? { name, arg: head.slice(slashed[0].length).trim().slice(0, 64) } : null;
  }
  if (!options.plainWords) return null;
  const plain = PLAIN.exec(head);
  if (!plain) return null;
  const name = plain[1]!.toLowerCase();
  const arg = plain[2] ?? '';
  // "link" and "iam" need their code; the others stand alone.
  if (!isTeamCommand(name) || (name === 'link' || name === 'iam') !== (arg !== '')) return null;
  return { name, arg };
}
