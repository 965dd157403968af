/**
 * Where a business's web chat lives: `<PUBLIC_URL>/chat/<slug>` (the start banner prints
 * the demo's; a business may link it from its site).
 */
export function webChatUrl(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/chat/${encodeURIComponent(slug)}`;
}
