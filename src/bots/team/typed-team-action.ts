import { LANGUAGES, type Translator } from '../../i18n/translator.ts';
import { TEAM_ACTIONS, teamActionLabel, type TeamActionName } from './team-actions.ts';

/** What a reply typed under a booking post asks for. */
export type TypedTeamAction =
  /** This action, on the post's booking. */
  | { kind: 'action'; action: TeamActionName }
  /** A number the quoted post did not show for the action it means now: the booking changed since. */
  | { kind: 'out_of_date' }
  /** A number no post line carries. */
  | { kind: 'not_understood' };

// Letters and digits only, lower-case: "✅ Confirm" and "1. Confirm!" read as "confirm",
// "1 confirm", whatever icons or punctuation a renderer or a keyboard adds.
function plain(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Each action's words: its label in every language, and its English name.
function actionWords(translator: Translator, action: TeamActionName): Set<string> {
  const words = new Set(LANGUAGES.map((language) => plain(translator.t(language, teamActionLabel(action)))));
  words.add(action === 'noshow' ? 'no show' : action);
  return words;
}

/**
 * Reads a reply to a booking post on a channel without buttons (WhatsApp), where the
 * post showed its actions as a numbered list ("1 Confirm", "2 Decline").
 *
 * - A number means the action numbered so *in the quoted post*. The post may be older
 *   than the booking's status (someone acted since, or the customer paid): the number
 *   then means another action now ("1" was Confirm, now it is Arrived). So a number acts
 *   only when the quoted post's line of that number names the action it means now
 *   (`current`); otherwise the post is out of date. A number no line carries is not
 *   understood. Without the quoted text nothing can be checked: out of date.
 * - An action's word (its label in any language, "Confirm", "Подтвердить", or its name)
 *   means that action whatever the post shows; the use case refuses one the status does
 *   not allow.
 *
 * Null when the reply is neither: staff talking under the post.
 */
export function readTypedTeamAction(translator: Translator, text: string, current: readonly TeamActionName[], quotedText: string | null): TypedTeamAction | null {
  const typed = plain(text.slice(0, 200));
  if (/^\d{1,3}$/.test(typed)) {
    const n = Number(typed);
    const meant = current[n - 1];
    if (quotedText === null) return meant ? { kind: 'out_of_date' } : { kind: 'not_understood' };
    const line = quotedText
      .split('\n')
      .map(plain)
      .find((l) => l.startsWith(`${n} `));
    if (!line) return { kind: 'not_understood' };
    const shown = ` ${line.slice(String(n).length + 1)} `;
    if (meant !== undefined && [...actionWords(translator, meant)].some((word) => shown.includes(` ${word} `))) return { kind: 'action', action: meant };
    return { kind: 'out_of_date' };
  }
  const named = TEAM_ACTIONS.filter((action) => actionWords(translator, action).has(typed));
  return named.length === 1 ? { kind: 'action', action: named[0]! } : null;
}
