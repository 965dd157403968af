import type { Actor } from '../shared/use-case-context.ts';

/** Where a business's linked WhatsApp number stands (stored on `whatsapp_account`). */
export type WhatsAppLinkState = 'linking' | 'connected' | 'disconnected' | 'logged_out';

/** A business's WhatsApp number as the panel shows it. */
export interface WhatsAppLinkStatus {
  state: WhatsAppLinkState;
  /** The linked number, E.164, once WhatsApp told it. */
  phone: string | null;
  /** While linking by QR: the code to scan, as a PNG data URL (`data:image/png;base64,…`). */
  qrPng?: string;
  /** While linking by phone number: the 8 characters to type on the phone. */
  pairingCode?: string;
  /** Since when (epoch ms) it has been in this state. */
  since: number;
  lastError: string | null;
  /**
   * Whether this process drives the number (the QR and pairing code live there). False
   * when the channels run in another process, or another process holds the number.
   */
  drivenHere: boolean;
}

/**
 * Links a business's own WhatsApp number through WhatsApp Web (scan a QR, or type a
 * pairing code on the phone), shows how it stands, and unlinks it: the panel's way to
 * the WhatsApp channel. Defined here, implemented by `src/bots/whatsapp`, wired in
 * `main.ts`, so the panel and the channel never import each other.
 */
export interface WhatsAppLinking {
  /**
   * Starts linking (a number already connected stays as it is). Without `phone` a QR is
   * shown; with it (any format, digits with the country code) a pairing code. Resolves
   * once the socket is opening: poll {@link whatsAppStatus} for the QR or code.
   */
  startWhatsAppLinking(businessId: string, options?: { phone?: string; actor?: Actor }): Promise<WhatsAppLinkStatus>;
  /** The number's status, or null when the business never started linking one. */
  whatsAppStatus(businessId: string): Promise<WhatsAppLinkStatus | null>;
  /** Logs the device out of the phone's account, stops it, and forgets its login. False when there was none. */
  unlinkWhatsApp(businessId: string, options?: { actor?: Actor }): Promise<boolean>;
}
