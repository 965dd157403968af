import { describe, expect, it } from 'vitest';
import { webChatUrl } from '../../../src/admin/webchat/web-chat-url.ts';

describe('webChatUrl', () => {
  it.each([
    { publicUrl: 'https://book.example.com', slug: 'kyiv-studio', url: 'https://book.example.com/chat/kyiv-studio' },
    { publicUrl: 'https://book.example.com/', slug: 'kyiv-studio', url: 'https://book.example.com/chat/kyiv-studio' },
    { publicUrl: 'http://127.0.0.1:3000//', slug: 'a-b', url: 'http://127.0.0.1:3000/chat/a-b' },
  ])('$publicUrl + $slug → $url', ({ publicUrl, slug, url }) => {
    expect(webChatUrl(publicUrl, slug)).toBe(url);
  });
});
