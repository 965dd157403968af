import { PNG } from 'pngjs';

/** The icon sizes the manifest names. */
export const ICON_SIZES = [192, 512] as const;
/** One of {@link ICON_SIZES}. */
export type IconSize = (typeof ICON_SIZES)[number];

function rgb(hex: string, fallback: [number, number, number]): [number, number, number] {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return fallback;
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** A readable PNG of the logo, or null (another format, or a broken file: the plain icon then). */
function decodedLogo(logo: { type: string; data: Buffer } | null): PNG | null {
  if (!logo || logo.type !== 'image/png') return null;
  try {
    return PNG.sync.read(logo.data);
  } catch {
    return null;
  }
}

/**
 * A square app icon: the brand colour with the logo in the middle (a PNG logo, scaled
 * to fit 70% of it, its transparency over the colour), or with an accent disc when there
 * is no PNG logo. Drawn pixel by pixel, so no image library is needed.
 */
export function appIcon(size: IconSize, primary: string, accent: string, logo: { type: string; data: Buffer } | null): Buffer {
  const [br, bg, bb] = rgb(primary, [0x1e, 0x90, 0xff]);
  const [ar, ag, ab] = rgb(accent, [0x00, 0xce, 0xd1]);
  const png = new PNG({ width: size, height: size });
  const source = decodedLogo(logo);
  const box = Math.round(size * 0.7);
  const scale = source ? Math.max(source.width, source.height) / box : 1;
  const drawnW = source ? Math.round(source.width / scale) : 0;
  const drawnH = source ? Math.round(source.height / scale) : 0;
  const left = Math.round((size - drawnW) / 2);
  const top = Math.round((size - drawnH) / 2);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let [r, g, b] = [br, bg, bb];
      if (source && x >= left && x < left + drawnW && y >= top && y < top + drawnH) {
        const sx = Math.min(source.width - 1, Math.floor((x - left) * scale));
        const sy = Math.min(source.height - 1, Math.floor((y - top) * scale));
        const at = (sy * source.width + sx) * 4;
        const alpha = source.data[at + 3]! / 255;
        r = Math.round(source.data[at]! * alpha + r * (1 - alpha));
        g = Math.round(source.data[at + 1]! * alpha + g * (1 - alpha));
        b = Math.round(source.data[at + 2]! * alpha + b * (1 - alpha));
      } else if (!source && (x - size / 2) ** 2 + (y - size / 2) ** 2 <= (size * 0.22) ** 2) {
        [r, g, b] = [ar, ag, ab];
      }
      const at = (y * size + x) * 4;
      png.data[at] = r;
      png.data[at + 1] = g;
      png.data[at + 2] = b;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
