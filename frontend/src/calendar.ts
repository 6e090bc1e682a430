// The shared calendar (crm/calendar.html): FullCalendar's month, week and day views over the
// items the server lists for the chosen agenda. Dragging an item asks the server to move it
// (checked and journaled there; put back here when refused). When any item moves, on this
// page or another, the server's "calendar.changed" event makes every open calendar fetch its
// items again.
import { Calendar, type EventApi, type EventDropArg } from "@fullcalendar/core";
import esLocale from "@fullcalendar/core/locales/es";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type EventResizeDoneArg } from "@fullcalendar/interaction";
import timeGridPlugin from "@fullcalendar/timegrid";
import { EventSocket } from "./events";

interface RowAction {
  key: string;
  label: string;
  url: string;
  post: string;
}

function csrfToken(): string {
  const input = document.querySelector<HTMLInputElement>("input[name=csrfmiddlewaretoken]");
  return input?.value ?? "";
}

function showError(text: string): void {
  const box = document.getElementById("calendar-error");
  if (box) {
    box.textContent = text;
    box.hidden = text === "";
  }
}

async function move(element: HTMLElement, event: EventApi): Promise<boolean> {
  const body = new URLSearchParams({
    kind: String(event.extendedProps.kind),
    pk: String(event.extendedProps.pk),
    start: event.start?.toISOString() ?? "",
    end: event.end?.toISOString() ?? "",
  });
  const response = await fetch(element.dataset.moveUrl ?? "", {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken() },
    body,
    credentials: "same-origin",
  });
  if (response.ok) {
    showError("");
    return true;
  }
  const answer = (await response.json().catch(() => ({}))) as { errors?: string[] };
  showError(answer.errors?.join(" ") ?? element.dataset.errorText ?? "");
  return false;
}

function showItem(event: EventApi): void {
  const card = document.getElementById("calendar-item");
  if (!card) {
    return;
  }
  const field = (name: string): HTMLElement =>
    card.querySelector<HTMLElement>(`[data-field="${name}"]`) ?? document.createElement("span");
  const props = event.extendedProps;
  field("title").textContent = event.title;
  field("who").textContent = String(props.who ?? "");
  field("contact").textContent = String(props.contact ?? "");
  field("url").setAttribute("href", String(props.url));
  const actions = field("actions");
  actions.replaceChildren();
  for (const action of (props.actions ?? []) as RowAction[]) {
    if (action.post === "True") {
      continue; // a call is placed from the console's card, where the agent is ready for it
    }
    const link = document.createElement("a");
    link.className = "btn btn-sm btn-outline-secondary";
    link.href = action.url;
    link.textContent = action.label;
    link.dataset.rowAction = action.key;
    actions.append(link);
  }
  card.hidden = false;
}

function start(): void {
  const element = document.querySelector<HTMLElement>("[data-calendar]");
  if (!element) {
    return;
  }
  const changed = async (info: EventDropArg | EventResizeDoneArg): Promise<void> => {
    if (!(await move(element, info.event))) {
      info.revert();
    }
  };
  const calendar = new Calendar(element, {
    plugins: [dayGridPlugin, timeGridPlugin, interactionPlugin],
    initialView: element.dataset.view || "timeGridWeek",
    initialDate: element.dataset.date || undefined,
    locales: [esLocale],
    locale: element.dataset.locale || "en",
    headerToolbar: {
      left: "prev,next today",
      center: "title",
      right: "dayGridMonth,timeGridWeek,timeGridDay",
    },
    nowIndicator: true,
    height: 760,
    scrollTime: "08:00:00",
    events: { url: element.dataset.itemsUrl ?? "" },
    eventDrop: (info) => void changed(info),
    eventResize: (info) => void changed(info),
    eventClick: (info) => {
      info.jsEvent.preventDefault();
      showItem(info.event);
    },
    loading: (busy) => {
      element.dataset.loading = busy ? "yes" : "no";
    },
  });
  calendar.render();
  const socket = new EventSocket([element], element.dataset.lastEvent ?? "");
  socket.onMessage((message) => {
    if (message.type === "calendar.changed" || message.type === "refetch") {
      calendar.refetchEvents();
    }
  });
  socket.connect();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
