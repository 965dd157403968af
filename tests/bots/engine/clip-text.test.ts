import { describe, expect, it } from 'vitest';
import { clipText } from '../../../src/bots/engine/clip-text.ts';

describe('clipText', () => {
  it.each([
    ['short text stays', 'hello', 10, 'hello'],
    ['plain cut', 'hello world', 5, 'hello'],
    ['a cut inside an emoji drops the whole emoji', 'ab😀c', 3, 'ab'],
    ['a cut right after an emoji keeps it', 'ab😀c', 4, 'ab😀'],
    ['emoji only', '😀😀😀', 5, '😀😀'],
    ['zero', '😀', 0, ''],
  ])('%s', (_name, text, max, expected) => {
    const clipped = clipText(text, max);
    expect(clipped).toBe(expected);
    expect(/\p{Cs}/u.test(clipped)).toBe(false);
  });
});
