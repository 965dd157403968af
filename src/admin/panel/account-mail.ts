import type { FastifyBaseLogger } from 'fastify';
import type { PanelDeps } from './panel-deps.ts';

/** An email with a one-time link: to whom, in which language, and the wording's keys and values. */
export interface LinkMail {
  to: string;
  language: string;
  subjectKey: string;
  bodyKey: string;
  params: Readonly<Record<string, string | number>>;
}

/**
 * Sends a one-time link by email, when the service has a mailer. Resolves true when the
 * server took it, false when there is no mailer or sending failed (logged without the
 * link: it is a password).
 */
export async function sendLinkMail(deps: PanelDeps, log: FastifyBaseLogger, mail: LinkMail): Promise<boolean> {
  if (!deps.mailer) return false;
  const t = (key: string) => deps.translator.t(mail.language, key, mail.params);
  try {
    await deps.mailer.send(mail.to, t(mail.subjectKey), t(mail.bodyKey));
    return true;
  } catch (error) {
    log.warn({ err: error instanceof Error ? { message: error.message } : String(error), kind: mail.subjectKey }, 'could not send a link by email');
    return false;
  }
}

/** The absolute URL of a panel path, for links that leave the browser (emails, copied links). */
export function panelUrl(deps: PanelDeps, path: string): string {
  return `${deps.publicUrl}/admin${path}`;
}
