// The page's one event socket (/ws/events/): replays what was missed since the state the page
// shows (data-last-event), and fetches again the parts of the page that show what changed:
// a part declares the objects it watches (data-watch, data-watch-id: an import's progress) or
// the event types it follows (data-refresh-on="agent.state_changed call.changed"), and the URL
// that renders it (data-refresh-url). After a reconnect that missed too much ("refetch"),
// every part is fetched again. Reconnects on its own.
"use strict";

(function () {
  const parts = Array.from(document.querySelectorAll("[data-refresh-url]"));
  if (!parts.length) {
    return;
  }
  const marked = document.querySelector("[data-last-event]");
  let last = marked ? marked.dataset.lastEvent : "";
  const pending = new Map();

  function refresh(part) {
    // At most every 300 ms per part, however many messages arrive.
    if (pending.has(part)) {
      return;
    }
    pending.set(part, window.setTimeout(() => {
      pending.delete(part);
      if (!part.id) {
        return;
      }
      window.htmx.ajax("GET", part.dataset.refreshUrl, { target: "#" + part.id, swap: "innerHTML" });
    }, 300));
  }

  function concerns(part, message) {
    if (part.dataset.refreshOn) {
      return part.dataset.refreshOn.split(" ").includes(message.type);
    }
    const id = Number(part.dataset.watchId);
    if (message.type === part.dataset.watch + ".state") {
      return message.id === id;
    }
    return Boolean(message.data && message.data.import_id === id);
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws/events/?last=${last}`);
    document.body.dataset.socket = "connecting";
    parts.forEach((part) => { part.dataset.socket = "connecting"; });
    socket.addEventListener("open", () => {
      document.body.dataset.socket = "open";
      parts.forEach((part) => {
        part.dataset.socket = "open";
        if (part.dataset.watch) {
          socket.send(JSON.stringify({ watch: part.dataset.watch, id: Number(part.dataset.watchId) }));
        }
      });
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.id && message.version) {
        last = String(message.id);
      }
      parts.forEach((part) => {
        if (message.type === "refetch" || concerns(part, message)) {
          refresh(part);
        }
      });
    });
    socket.addEventListener("close", () => {
      document.body.dataset.socket = "closed";
      parts.forEach((part) => { part.dataset.socket = "closed"; });
      window.setTimeout(connect, 1000);
    });
  }

  connect();
})();
