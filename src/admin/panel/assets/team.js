// The Team page's copy buttons: a link shown once is copied with one press. Without
// this script the link stays selectable in its read-only field.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!(field instanceof HTMLInputElement)) return;
  const done = () => {
    button.textContent = button.dataset.copied;
  };
  field.select();
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, () => undefined);
  else if (document.execCommand('copy')) done();
});
