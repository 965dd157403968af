/** Image types the panel accepts for logos and photos. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** Largest logo or photo accepted (1 MiB). */
export const MAX_IMAGE_BYTES = 1024 * 1024;

/**
 * The image type of a file by its content (magic bytes), never by its name or the
 * browser's claim: PNG, JPEG or WebP, else null.
 */
export function sniffImage(data: Uint8Array): ImageType | null {
  const starts = (bytes: number[], offset = 0) => bytes.every((b, i) => data[offset + i] === b);
  if (data.length >= 8 && starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (data.length >= 3 && starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF....WEBP
  if (data.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** Why an uploaded image is refused, as an i18n key under `panel.errors`. */
export type ImageRejection = 'image_type' | 'image_too_large' | 'image_empty';

/** Checks an uploaded image: non-empty, at most {@link MAX_IMAGE_BYTES}, and PNG/JPEG/WebP by content. */
export function checkImage(data: Uint8Array): { ok: true; type: ImageType } | { ok: false; reason: ImageRejection } {
  if (data.length === 0) return { ok: false, reason: 'image_empty' };
  if (data.length > MAX_IMAGE_BYTES) return { ok: false, reason: 'image_too_large' };
  const type = sniffImage(data);
  return type ? { ok: true, type } : { ok: false, reason: 'image_type' };
}
