// The web chat page without reloads: forms are sent with fetch and the answer's messages
// appended; a long poll brings what the business says later (reminders, a team reply).
// Without this script the same forms post and the page reloads.
(() => {
  const chat = document.getElementById('chat');
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  const composer = document.getElementById('composer');
  if (!chat || !log || !status || !composer) return;
  const url = chat.dataset.messages;
  const seen = new Set();
  let after = Number(chat.dataset.after) || 0;
  let sending = false;
  for (const el of log.querySelectorAll('[data-seq]')) seen.add(el.dataset.seq);

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const toBottom = () => window.scrollTo({ top: document.body.scrollHeight });
  // A fresh id per send: the server ignores a send it has handled already (a retry).
  const eventId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

  /** Adds the messages of an answer that the page does not show yet, in order. */
  function append(html) {
    const template = document.createElement('template');
    template.innerHTML = html;
    let added = false;
    for (const el of Array.from(template.content.children)) {
      const seq = el.getAttribute('data-seq');
      if (!seq || seen.has(seq)) continue;
      seen.add(seq);
      after = Math.max(after, Number(seq));
      el.removeAttribute('id');
      log.append(el);
      added = true;
    }
    if (added) {
      for (const start of document.querySelectorAll('form.start')) start.remove();
      toBottom();
    }
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute('action') !== url) return;
    event.preventDefault();
    if (sending) return;
    const body = new URLSearchParams(new FormData(form));
    const submitter = event.submitter;
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    if (form === composer && !String(body.get('text') || '').trim()) return;
    body.set('event', eventId());
    // The visitor's zone: a confirmation then also says the time where they are.
    try {
      body.set('tz', Intl.DateTimeFormat().resolvedOptions().timeZone || '');
    } catch {
      // An old browser without Intl zones: times stay in the business's zone only.
    }
    body.set('after', String(after));
    sending = true;
    const buttons = document.querySelectorAll('button');
    for (const b of buttons) b.disabled = true;
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { 'x-web-chat': '1' }, credentials: 'same-origin' });
      const text = await response.text();
      if (!response.ok) {
        status.textContent = text || chat.dataset.failed;
        return;
      }
      status.textContent = '';
      if (form === composer) composer.reset();
      append(text);
    } catch {
      status.textContent = chat.dataset.failed;
    } finally {
      sending = false;
      for (const b of buttons) b.disabled = false;
    }
  });

  async function poll() {
    let pause = 1000;
    for (;;) {
      try {
        const response = await fetch(`${url}?after=${after}`, { headers: { 'x-web-chat': '1' }, cache: 'no-store', credentials: 'same-origin' });
        if (response.ok) {
          append(await response.text());
          if (status.textContent === chat.dataset.offline) status.textContent = '';
          pause = 1000;
          continue;
        }
        // Too many polls (many tabs) or a server restarting: wait a while.
        await sleep(response.status === 429 ? 30000 : pause);
      } catch {
        status.textContent = chat.dataset.offline;
        await sleep(pause);
      }
      pause = Math.min(pause * 2, 30000);
    }
  }

  toBottom();
  void poll();
})();
