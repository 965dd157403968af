/**
 * Why a posted message changed nothing though it was taken: `not_a_report` (no delivery
 * status report in it: an auto-reply, a non-standard bounce), `no_hard_failure` (only
 * delays, or failures that are not about the address), `no_bounce_address` (it was not
 * sent to one of our bounce addresses), `unknown_bounce_address` (forged, no such customer,
 * or about an address the customer has since replaced).
 */
export type BounceIgnoredReason = 'not_a_report' | 'no_hard_failure' | 'no_bounce_address' | 'unknown_bounce_address';

/**
 * What the bounce endpoint made of a posted message: `malformed` (not a mail at all: 400),
 * `ignored` (taken, nothing changed, so the forwarder does not retry it), `bounced` (the
 * customers whose address this report marked, and those marked already — a replay).
 */
export type BounceReportAnswer = { outcome: 'malformed' } | { outcome: 'ignored'; reason: BounceIgnoredReason } | { outcome: 'bounced'; marked: number; already: number };

/**
 * Bounce reports as the HTTP layer hands them over: the raw message a mail forwarder posts,
 * and the envelope recipient when the forwarder tells it. Defined here, implemented in
 * `src/bots/email/bounce-reports.ts`, wired in `main.ts`, so `src/admin` never imports it.
 */
export interface EmailBounceReports {
  receive(raw: Buffer, envelopeRecipient: string | undefined): Promise<BounceReportAnswer>;
}
