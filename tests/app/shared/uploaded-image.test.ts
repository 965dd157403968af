import { describe, expect, it } from 'vitest';
import { checkImage, MAX_IMAGE_BYTES, sniffImage } from '../../../src/app/shared/uploaded-image.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('uploaded images', () => {
  it.each([
    ['PNG', png, 'image/png'],
    ['JPEG', jpeg, 'image/jpeg'],
    ['WebP', webp, 'image/webp'],
    ['GIF', Buffer.from('GIF89a......'), null],
    ['SVG (script risk)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), null],
    ['text named .png', Buffer.from('hello, this is not an image'), null],
    ['RIFF that is not WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WAVE')]), null],
  ])('%s is recognised by content', (_name, data, type) => {
    expect(sniffImage(data)).toBe(type);
  });

  it('refuses empty, oversized and unknown files with a reason', () => {
    expect(checkImage(Buffer.alloc(0))).toEqual({ ok: false, reason: 'image_empty' });
    expect(checkImage(Buffer.concat([png, Buffer.alloc(MAX_IMAGE_BYTES)]))).toEqual({ ok: false, reason: 'image_too_large' });
    expect(checkImage(Buffer.from('plain text'))).toEqual({ ok: false, reason: 'image_type' });
    expect(checkImage(png)).toEqual({ ok: true, type: 'image/png' });
  });
});
