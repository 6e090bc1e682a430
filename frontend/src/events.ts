// The page's one event socket (/ws/events/). It replays what was missed since the state the
// page shows (data-last-event), and fetches again the parts of the page that show what
// changed: a part declares the objects it watches (data-watch, data-watch-id: an import's
// progress) or the event types it follows (data-refresh-on="agent.state_changed
// call.changed"), and the URL that renders it (data-refresh-url); a part marked data-load
// starts empty and is fetched at once. When the server says the
// client missed too much ("refetch"), every part is fetched again. Reconnects on its own.

export interface EventMessage {
  type: string;
  id?: number;
  version?: number;
  data?: Record<string, unknown>;
}

interface Htmx {
  ajax(verb: string, url: string, options: { target: string; swap: string }): void;
}

declare global {
  interface Window {
    htmx: Htmx;
  }
}

const THROTTLE_MS = 300;
const RECONNECT_MS = 1000;

export function concerns(part: HTMLElement, message: EventMessage): boolean {
  if (part.dataset.refreshOn) {
    return part.dataset.refreshOn.split(" ").includes(message.type);
  }
  const id = Number(part.dataset.watchId);
  if (part.dataset.watch && message.type === `${part.dataset.watch}.state`) {
    return message.id === id;
  }
  return Boolean(message.data && message.data.import_id === id);
}

export class EventSocket {
  private last: string;
  private readonly pending = new Map<HTMLElement, number>();
  private readonly listeners: ((message: EventMessage) => void)[] = [];

  constructor(
    private readonly parts: HTMLElement[],
    last: string,
  ) {
    this.last = last;
  }

  onMessage(listener: (message: EventMessage) => void): void {
    this.listeners.push(listener);
  }

  connect(): void {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${window.location.host}/ws/events/?last=${this.last}`;
    const socket = new WebSocket(url);
    this.mark("connecting");
    socket.addEventListener("open", () => {
      this.mark("open");
      for (const part of this.parts) {
        if (part.dataset.watch) {
          socket.send(JSON.stringify({ watch: part.dataset.watch, id: Number(part.dataset.watchId) }));
        }
      }
    });
    socket.addEventListener("message", (event: MessageEvent<string>) => {
      this.receive(JSON.parse(event.data) as EventMessage);
    });
    socket.addEventListener("close", () => {
      this.mark("closed");
      window.setTimeout(() => {
        this.connect();
      }, RECONNECT_MS);
    });
  }

  receive(message: EventMessage): void {
    if (message.id && message.version) {
      this.last = String(message.id);
    }
    for (const part of this.parts) {
      if (message.type === "refetch" || concerns(part, message)) {
        this.refresh(part);
      }
    }
    for (const listener of this.listeners) {
      listener(message);
    }
  }

  /** Parts that start empty (data-load) are fetched once the page is ready. */
  loadParts(): void {
    for (const part of this.parts) {
      if ("load" in part.dataset) {
        this.refresh(part);
      }
    }
  }

  private refresh(part: HTMLElement): void {
    // At most every 300 ms per part, however many messages arrive.
    if (this.pending.has(part) || !part.id || !part.dataset.refreshUrl) {
      return;
    }
    const url = part.dataset.refreshUrl;
    this.pending.set(
      part,
      window.setTimeout(() => {
        this.pending.delete(part);
        window.htmx.ajax("GET", url, { target: `#${part.id}`, swap: "innerHTML" });
      }, THROTTLE_MS),
    );
  }

  private mark(state: string): void {
    document.body.dataset.socket = state;
    for (const part of this.parts) {
      part.dataset.socket = state;
    }
  }
}
