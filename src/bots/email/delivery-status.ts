/** One recipient's fields in a delivery status notification (RFC 3464 §2.3). */
export interface RecipientStatus {
  /** `Final-Recipient`'s address (its `rfc822;` type dropped). */
  finalRecipient: string;
  /** `Original-Recipient`'s address, when given. */
  originalRecipient: string | null;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded`, in lowercase. */
  action: string;
  /** The enhanced status code, e.g. `5.1.1` (RFC 3463); empty when missing. */
  status: string;
  /** `Diagnostic-Code`: what the remote server said, when given. */
  diagnostic: string;
}

/**
 * A message as the bounce endpoint reads it: `malformed` (no header section: not a mail at
 * all), `other` (a mail, but no delivery status report: an auto-reply, a non-standard
 * bounce), or a `report` with each recipient's status. `addressedTo` holds the header
 * values that name where the message was delivered (Delivered-To, X-Original-To,
 * Envelope-To, To), where a bounce address is looked for.
 */
export type BounceMessage = { kind: 'malformed' } | { kind: 'other'; addressedTo: string[] } | { kind: 'report'; addressedTo: string[]; recipients: RecipientStatus[] };

const ADDRESSED_TO = ['delivered-to', 'x-original-to', 'envelope-to', 'to'];
const FIELD = /^([!-9;-~]+)[ \t]*:(.*)$/;
const STATUS_TYPES = ['message/delivery-status', 'message/global-delivery-status'];
// A report nests its parts no deeper than this (multipart/report inside a forwarded multipart/mixed).
const MAX_DEPTH = 3;

/**
 * Reads a raw message (RFC 5322; a leading mbox `From ` line, as a local delivery agent
 * prepends, is skipped) and, when it is a `multipart/report` holding a
 * `message/delivery-status` part (RFC 3464; 6533's global one too), that part's
 * per-recipient fields, base64 or quoted-printable decoded. Written here rather than with
 * mailparser, which folds that part into the text body.
 */
export function readBounceMessage(raw: Buffer): BounceMessage {
  const text = raw.toString('utf8').replace(/\r\n?/g, '\n').replace(/^From [^\n]*\n/, '');
  const entity = splitEntity(text);
  if (!entity) return { kind: 'malformed' };
  const addressedTo = ADDRESSED_TO.flatMap((name) => entity.headers.filter(([key]) => key === name).map(([, value]) => value));
  const status = findStatusPart(entity, 0);
  if (status === null) return { kind: 'other', addressedTo };
  return { kind: 'report', addressedTo, recipients: recipientStatuses(status) };
}

interface Entity {
  headers: [string, string][];
  body: string;
}

// Headers (unfolded, names in lowercase) and body; null when the text does not start with a header field.
function splitEntity(text: string): Entity | null {
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const lines = unfold(head);
  if (lines.length === 0 || !FIELD.test(lines[0]!)) return null;
  const headers: [string, string][] = [];
  for (const line of lines) {
    const match = FIELD.exec(line);
    if (match) headers.push([match[1]!.toLowerCase(), match[2]!.trim()]);
  }
  return { headers, body: end === -1 ? '' : text.slice(end + 2) };
}

function unfold(block: string): string[] {
  return block
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function header(entity: Entity, name: string): string {
  return entity.headers.find(([key]) => key === name)?.[1] ?? '';
}

// `type/subtype; a=b; c="d"` → the type in lowercase and its parameters (names in lowercase).
function contentType(entity: Entity): { type: string; params: Map<string, string> } {
  const value = header(entity, 'content-type');
  const type = (value.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
  const params = new Map<string, string>();
  for (const match of value.matchAll(/;\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]+)/g)) {
    const raw = match[2]!;
    params.set(match[1]!.toLowerCase(), raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  return { type, params };
}

// The decoded text of the first delivery-status part under `entity`, or null.
function findStatusPart(entity: Entity, depth: number): string | null {
  const { type, params } = contentType(entity);
  if (STATUS_TYPES.includes(type)) return decodeBody(entity);
  const boundary = params.get('boundary');
  if (!type.startsWith('multipart/') || !boundary || depth >= MAX_DEPTH) return null;
  for (const part of multipartParts(entity.body, boundary)) {
    const child = splitEntity(part) ?? { headers: [], body: part.replace(/^\n/, '') };
    const found = findStatusPart(child, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

// The parts between `--boundary` lines, up to `--boundary--`.
function multipartParts(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current.join('\n'));
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\n'));
  return parts;
}

function decodeBody(entity: Entity): string {
  const encoding = header(entity, 'content-transfer-encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(entity.body.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n?/g, '\n');
  if (encoding === 'quoted-printable') {
    // Runs of =XX are bytes; the text between them is already characters.
    const pieces = entity.body.replace(/=\n/g, '').split(/((?:=[0-9A-Fa-f]{2})+)/);
    return Buffer.concat(pieces.map((piece, i) => (i % 2 === 1 ? Buffer.from(piece.replace(/=/g, ''), 'hex') : Buffer.from(piece, 'utf8')))).toString('utf8');
  }
  return entity.body;
}

// Blocks of fields separated by blank lines: the first is about the message, each one with
// an Action (or a Final-Recipient) about one recipient.
function recipientStatuses(report: string): RecipientStatus[] {
  return report
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of unfold(block)) {
        const match = FIELD.exec(line);
        if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
      }
      return fields;
    })
    .filter((fields) => fields.has('action') || fields.has('final-recipient'))
    .map((fields) => ({
      finalRecipient: address(fields.get('final-recipient') ?? ''),
      originalRecipient: fields.has('original-recipient') ? address(fields.get('original-recipient')!) : null,
      action: (fields.get('action') ?? '').trim().toLowerCase(),
      status: /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec(fields.get('status') ?? '')?.[0] ?? '',
      diagnostic: fields.get('diagnostic-code') ?? '',
    }));
}

// `rfc822; someone@example.com` → `someone@example.com`.
function address(value: string): string {
  return value.replace(/^[^;]*;/, '').trim().replace(/^<(.*)>$/, '$1');
}
