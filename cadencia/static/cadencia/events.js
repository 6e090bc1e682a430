// The page's one event socket (/ws/events/): replays what was missed since the state the page
// shows (data-last-event), watches the objects a page declares (data-watch, data-watch-id), and
// reloads the part of the page that shows them when they change. Reconnects on its own.
"use strict";

(function () {
  const root = document.querySelector("[data-watch]");
  if (!root) {
    return;
  }
  const watch = { watch: root.dataset.watch, id: Number(root.dataset.watchId) };
  let last = root.dataset.lastEvent || "";
  let pending = null;

  function refresh() {
    // At most every 300 ms, however many messages arrive.
    if (pending) {
      return;
    }
    pending = window.setTimeout(() => {
      pending = null;
      window.htmx.ajax("GET", root.dataset.refreshUrl, { target: "#" + root.id, swap: "innerHTML" });
    }, 300);
  }

  function concerns(message) {
    if (message.type === watch.watch + ".state") {
      return message.id === watch.id;
    }
    return message.data && message.data.import_id === watch.id;
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws/events/?last=${last}`);
    root.dataset.socket = "connecting";
    socket.addEventListener("open", () => {
      root.dataset.socket = "open";
      socket.send(JSON.stringify(watch));
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.id && message.version) {
        last = String(message.id);
      }
      if (message.type === "refetch" || concerns(message)) {
        refresh();
      }
    });
    socket.addEventListener("close", () => {
      root.dataset.socket = "closed";
      window.setTimeout(connect, 1000);
    });
  }

  connect();
})();
