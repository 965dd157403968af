import type { DomainError } from '../../domain/index.ts';
import type { Language } from '../../i18n/translator.ts';
import { formatDuration } from './chat-formatting.ts';
import { say, type ChatText } from './chat-message.ts';

/**
 * An expected outcome as the customer reads it: its message with its numbers worded
 * for people — a cutoff of 120 minutes reads "2 h" (`{{cutoff}}`), not "120 minutes".
 */
export function errorLine(error: DomainError, language: Language): ChatText {
  const params: Record<string, string | number> = { ...error.params };
  const cutoff = params['cutoffMin'];
  if (typeof cutoff === 'number') params['cutoff'] = formatDuration(cutoff, language);
  return say(error.i18nKey, params);
}
