// Cadencia's own behaviour for every page. The Content-Security-Policy forbids inline scripts
// and handlers, so pages declare behaviour with data attributes and this file wires it up.
"use strict";

document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// A disposition form shows the management form of the option chosen, and only that one.
function showOptionForm(form) {
  const select = form.querySelector("select[name=option]");
  form.querySelectorAll("fieldset[data-option]").forEach((fieldset) => {
    const shown = select && fieldset.dataset.option === select.value;
    fieldset.hidden = !shown;
    fieldset.disabled = !shown;
  });
}
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-option-forms]");
  if (form) {
    showOptionForm(form);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-option-forms]").forEach(showOptionForm);
});

// "Ignore" on the calls panel hides it until the next call event redraws it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-dismiss-panel]");
  if (button) {
    button.closest(".calls-panel").hidden = true;
  }
});
