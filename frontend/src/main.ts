// Entry point of Cadencia's browser code, bundled by esbuild into var/vendor/cadencia/main.js.
import { wireConsole } from "./console";
import { EventSocket } from "./events";

function start(): void {
  wireConsole();
  // Comments take files through their own field (size and type checked on the server), not
  // pasted or dropped into the editor.
  document.addEventListener("trix-file-accept", (event) => {
    event.preventDefault();
  });
  const parts = Array.from(document.querySelectorAll<HTMLElement>("[data-refresh-url]"));
  if (parts.length === 0) {
    return;
  }
  const marked = document.querySelector<HTMLElement>("[data-last-event]");
  const socket = new EventSocket(parts, marked?.dataset.lastEvent ?? "");
  socket.loadParts();
  socket.connect();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
