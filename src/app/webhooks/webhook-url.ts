import { isIP } from 'node:net';

/** Why a receiver URL is refused (an i18n key suffix under `panel.webhooks.url_`). */
export type WebhookUrlProblem = 'invalid' | 'not_https' | 'private' | 'credentials';

/**
 * True for an address a business must not point the service at: loopback, private
 * networks, link-local (cloud metadata), unique-local, unspecified and multicast.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  if (family === 6) {
    const lower = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return isPrivateAddress(mapped[1]!);
    return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('ff');
  }
  return false;
}

/**
 * Checks a receiver URL: `https://` to a public host; with `allowPrivate` (tests,
 * development) also `http://` and hosts on this machine or a private network. No user
 * name or password in it (they would be sent in the clear to whoever reads the logs).
 * A host name that resolves to a private address is caught again when sending.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): WebhookUrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'invalid';
  if (url.username || url.password) return 'credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const local = host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
  if (local && !allowPrivate) return 'private';
  if (url.protocol === 'http:' && !allowPrivate) return 'not_https';
  return null;
}
