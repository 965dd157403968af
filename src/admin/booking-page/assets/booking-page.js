// The booking page with htmx: each step is swapped in place (the page works without this
// script too). After a swap the new step's heading is announced and the step (or its
// autofocus field) focused, and a booking made inside a widget's frame is told to the
// embedding page (display only).
(() => {
  const announce = document.getElementById('announce');

  function tellEmbeddingPage() {
    const created = document.getElementById('booking-created');
    if (!created || window.parent === window) return;
    const { bookingId, startsAt, targetOrigin } = created.dataset;
    if (!bookingId || !startsAt || !targetOrigin) return;
    window.parent.postMessage({ type: 'bookchat:booking_created', bookingId, startsAt }, targetOrigin);
    created.remove();
  }

  document.addEventListener('htmx:afterSettle', () => {
    const step = document.getElementById('step');
    if (!step) return;
    const heading = step.querySelector('h1');
    if (announce && heading) announce.textContent = heading.textContent;
    // A step with one field to fill (the code) marks it autofocus: the focus goes there, else to the step.
    (step.querySelector('[autofocus]') || step).focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    tellEmbeddingPage();
  });
  tellEmbeddingPage();
})();
