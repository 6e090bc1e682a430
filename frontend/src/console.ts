// The agent's console and the calls panel: which management form shows, time in state, the
// panel's Ignore button. The call state itself is always the server's (fetched again on each
// call event and after a reconnect), so a reload or a lost socket never loses a call.

export function showOptionForm(form: HTMLFormElement): void {
  const select = form.querySelector<HTMLSelectElement>("select[name=option]");
  for (const fieldset of form.querySelectorAll<HTMLFieldSetElement>("fieldset[data-option]")) {
    const shown = select !== null && fieldset.dataset.option === select.value;
    fieldset.hidden = !shown;
    fieldset.disabled = !shown;
  }
}

export function elapsed(since: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const pad = (n: number): string => String(n).padStart(2, "0");
  const rest = `${pad(minutes % 60)}:${pad(seconds % 60)}`;
  return hours > 0 ? `${String(hours)}:${rest}` : `${String(minutes)}:${pad(seconds % 60)}`;
}

function tick(): void {
  const now = new Date();
  for (const element of document.querySelectorAll<HTMLElement>("[data-since]")) {
    const since = new Date(element.dataset.since ?? "");
    if (!Number.isNaN(since.getTime())) {
      element.textContent = elapsed(since, now);
    }
  }
}

export function wireConsole(): void {
  document.addEventListener("change", (event) => {
    const form = (event.target as Element).closest<HTMLFormElement>("form[data-option-forms]");
    if (form) {
      showOptionForm(form);
    }
  });
  document.addEventListener("click", (event) => {
    const button = (event.target as Element).closest("[data-dismiss-panel]");
    const panel = button?.closest<HTMLElement>(".calls-panel, .sms-notice");
    if (panel) {
      panel.hidden = true;
    }
  });
  document.addEventListener("htmx:afterSwap", () => {
    document.querySelectorAll<HTMLFormElement>("form[data-option-forms]").forEach(showOptionForm);
    tick();
  });
  document.querySelectorAll<HTMLFormElement>("form[data-option-forms]").forEach(showOptionForm);
  tick();
  window.setInterval(tick, 1000);
}
