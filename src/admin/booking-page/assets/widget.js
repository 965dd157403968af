// BookChat's booking widget, pasted into a business's own site:
//   <script src="https://<host>/widget.js" data-business="<slug>" async></script>
// Inline:  <div data-bookchat="<slug>"></div> gets the booking page in a frame.
// Popup:   any element with data-bookchat-link (="<slug>", or the script's business) opens it over the page.
// Button:  data-bookchat-float on the script (or on any element) adds a floating "Book" button.
// Prefill: data-name, data-phone, data-service, data-campaign / data-utm-campaign (or the page's ?utm_campaign=).
// Event:   a booking made in the frame is re-dispatched as a `bookchat:booking_created`
//          CustomEvent (detail: { bookingId, startsAt }) on the host element: display only.
// It loads nothing from anyone else, and sets no cookies on the host page.
(() => {
  const script = document.currentScript || document.querySelector('script[src$="/widget.js"][data-business]');
  if (!script || window.__bookchatWidget) return;
  window.__bookchatWidget = true;
  const server = new URL(script.src).origin;
  const business = script.dataset.business || '';
  const frames = new Map();

  function pageUrl(slug, from) {
    const url = new URL(`/b/${encodeURIComponent(slug)}`, server);
    url.searchParams.set('embed', '1');
    url.searchParams.set('origin', window.location.origin);
    const pick = (name) => (from && from.dataset[name]) || script.dataset[name] || '';
    const fields = { name: pick('name'), phone: pick('phone'), service: pick('service') };
    const campaign = pick('campaign') || pick('utmCampaign') || new URLSearchParams(window.location.search).get('utm_campaign') || '';
    for (const [key, value] of Object.entries({ ...fields, utm_campaign: campaign })) if (value) url.searchParams.set(key, value);
    return url.toString();
  }

  function frame(slug, from, host) {
    const iframe = document.createElement('iframe');
    iframe.src = pageUrl(slug, from);
    iframe.title = script.dataset.title || 'Booking';
    iframe.setAttribute('allow', 'payment');
    Object.assign(iframe.style, { width: '100%', height: script.dataset.height || '720px', border: '0', display: 'block', background: '#fff' });
    frames.set(iframe, host);
    return iframe;
  }

  function mountInline(el) {
    if (el.dataset.bookchatMounted) return;
    el.dataset.bookchatMounted = '1';
    const slug = el.dataset.bookchat || business;
    if (slug) el.appendChild(frame(slug, el, el));
  }

  let open = null;
  function close() {
    if (!open) return;
    const { overlay, opener } = open;
    open = null;
    overlay.remove();
    document.removeEventListener('keydown', onKey);
    if (opener && opener.focus) opener.focus();
  }
  function onKey(event) {
    if (event.key === 'Escape') close();
  }
  function popup(slug, opener) {
    close();
    const overlay = document.createElement('div');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', script.dataset.title || 'Booking');
    Object.assign(overlay.style, { position: 'fixed', inset: '0', zIndex: '2147483646', background: 'rgba(0,0,0,0.55)', display: 'flex', alignItems: 'center', justifyContent: 'center' });
    const box = document.createElement('div');
    Object.assign(box.style, { position: 'relative', width: 'min(480px, 100%)', height: 'min(760px, 100%)', background: '#fff', borderRadius: '12px', overflow: 'hidden' });
    const shut = document.createElement('button');
    shut.type = 'button';
    shut.textContent = '×';
    shut.setAttribute('aria-label', script.dataset.closeLabel || 'Close');
    Object.assign(shut.style, { position: 'absolute', top: '6px', right: '6px', width: '40px', height: '40px', fontSize: '24px', border: '0', borderRadius: '50%', background: '#fff', cursor: 'pointer', zIndex: '1' });
    shut.addEventListener('click', close);
    overlay.addEventListener('click', (event) => event.target === overlay && close());
    // The close button has a bar of its own: it never covers the page's own header.
    Object.assign(box.style, { paddingTop: '48px', boxSizing: 'border-box' });
    const inner = frame(slug, opener, opener);
    inner.style.height = '100%';
    box.append(shut, inner);
    overlay.append(box);
    document.body.append(overlay);
    document.addEventListener('keydown', onKey);
    open = { overlay, opener };
    shut.focus();
  }

  document.addEventListener('click', (event) => {
    const trigger = event.target instanceof Element ? event.target.closest('[data-bookchat-link]') : null;
    if (!trigger) return;
    event.preventDefault();
    popup(trigger.getAttribute('data-bookchat-link') || business, trigger);
  });

  function floatingButton() {
    const source = script.hasAttribute('data-bookchat-float') ? script : document.querySelector('[data-bookchat-float]');
    if (!source || !business && !source.dataset.bookchatFloat) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = source.dataset.label || 'Book';
    button.setAttribute('data-bookchat-link', source.dataset.bookchatFloat || business);
    Object.assign(button.style, { position: 'fixed', right: '20px', bottom: '20px', zIndex: '2147483645', padding: '14px 22px', borderRadius: '999px', border: '0', background: source.dataset.color || '#1e90ff', color: '#fff', font: '600 16px system-ui, sans-serif', cursor: 'pointer', boxShadow: '0 4px 14px rgba(0,0,0,0.25)' });
    document.body.append(button);
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== server) return;
    const data = event.data;
    if (!data || data.type !== 'bookchat:booking_created' || typeof data.bookingId !== 'string') return;
    for (const [iframe, host] of frames) {
      if (iframe.contentWindow !== event.source) continue;
      const target = host && host.isConnected ? host : document;
      target.dispatchEvent(new CustomEvent('bookchat:booking_created', { bubbles: true, detail: { bookingId: data.bookingId, startsAt: String(data.startsAt) } }));
    }
  });

  function start() {
    document.querySelectorAll('[data-bookchat]').forEach(mountInline);
    floatingButton();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
