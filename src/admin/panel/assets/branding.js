// The branding page's live preview: as the colours are picked, the sample header,
// tab and button take them (CSS variables set through the CSSOM, which the CSP allows;
// the page works without this script, and the saved colours show after saving).
(() => {
  const preview = document.getElementById('brand-preview');
  const primary = document.getElementById('f-primaryColor');
  const accent = document.getElementById('f-accentColor');
  if (!preview || !primary || !accent) return;
  // WCAG relative luminance and contrast, as brand-stylesheet.ts picks the text colour.
  const luminance = (hex) => {
    const channel = (i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const valid = (c) => /^#[0-9a-fA-F]{6}$/.test(c);
  const update = () => {
    if (valid(primary.value)) {
      preview.style.setProperty('--brand', primary.value);
      preview.style.setProperty('--brand-text', contrast(primary.value, '#000000') >= contrast(primary.value, '#ffffff') ? '#000000' : '#ffffff');
    }
    if (valid(accent.value)) preview.style.setProperty('--accent', accent.value);
  };
  primary.addEventListener('input', update);
  accent.addEventListener('input', update);
})();
