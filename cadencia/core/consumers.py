"""The browser's one WebSocket: ``/ws/events/?last=<id>``.

On connect the client says the last event id it saw (its page rendered the state at that id):
it gets every event it may see since then, or ``{"type": "refetch"}`` when those are no longer
kept. Then it gets new events as they are stored, each checked again against the user's
projects at delivery. A client may also *watch* an object whose state changes too often to be
stored as events (an import's progress): ``{"watch": "contact_import", "id": 7}``; apps declare
what can be watched with ``register_watch``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from cadencia.core.event_tail import TAIL, Audience
from cadencia.core.events import EVENTS_KEPT, latest_event_id, message, visible_to
from cadencia.core.scoping import ALL_PROJECTS, project_scope, scope_for_user

# name → (user, object id) → a function returning the object's current state (None when the
# user may not see it). Called inside the connection's project scope.
WatchResolver = Callable[[Any, int], Callable[[], dict[str, Any] | None] | None]
WATCHES: dict[str, WatchResolver] = {}


def register_watch(name: str, resolver: WatchResolver) -> None:
    WATCHES[name] = resolver


def _permitted(user: Any, permission: str) -> bool:
    # The user object lives as long as the connection: Django caches its permissions on it, so
    # a role changed meanwhile applies from the next connection (a page load).
    return not permission or bool(user.has_perm(permission))


def _replay(user: Any, after: int, *, client_said: bool = True) -> list[dict[str, Any]] | None:
    """Events after ``after`` the user may see, or None when some were pruned (only asked when
    the client named ``after``: the server's own "now" was read a moment ago). The user's
    projects are read after the events, so they are at least as new as what they filter."""
    from cadencia.core.models import StoredEvent

    oldest = StoredEvent.objects.order_by("pk").values_list("pk", flat=True).first()
    latest = StoredEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if after >= latest:
        return []
    pruned = oldest is None or oldest > after + 1 or latest - after > EVENTS_KEPT
    if client_said and pruned:
        return None
    events = list(StoredEvent.objects.filter(pk__gt=after).order_by("pk"))
    scope = _scope_of(user)
    return [
        message(e)
        for e in events
        if visible_to(
            e.project_ids,
            e.user_ids,
            user_id=user.pk,
            scope=scope,
            permitted=_permitted(user, e.permission),
        )
    ]


def _scope_of(user: Any) -> frozenset[int] | None:
    scope = scope_for_user(user)
    return None if scope is ALL_PROJECTS else frozenset(scope)  # type: ignore[arg-type]


def _in_scope_of(user: Any, state: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
    # Ticks run in the tail's context: the user's scope is opened (and read again) each time.
    with project_scope(scope_for_user(user)):
        return state()


class EventConsumer(AsyncWebsocketConsumer):
    # The process's tail hands events to its sockets directly: a socket needs no channel of its
    # own on the channel layer (with Redis, that was one blocking reader per browser).
    channel_layer_alias = "no channel layer"

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=4401)
            return
        self.last_sent = 0
        self.watches: dict[str, tuple[Callable[[], dict[str, Any] | None], str]] = {}
        # Ids sent while catching up, when the tail's deliveries and the replay interleave.
        self.catching_up: set[int] | None = set()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        last = query.get("last", [""])[0]
        # Without a state to catch up with, what is stored from now on: "now" is read before the
        # client learns it is connected, so nothing it causes afterwards falls before it.
        start = int(last) if last.isdigit() else await database_sync_to_async(latest_event_id)()
        self.last_sent = start
        await self.accept()
        # Subscribed first, replayed after: an event stored in between reaches the socket by
        # one way or the other (sent once), never by neither.
        await TAIL.subscribe(self)
        missed = await database_sync_to_async(_replay)(self.user, start, client_said=last.isdigit())
        if missed is None:
            # The client fetches its state again, as of now: nothing before now is owed.
            self.last_sent = await database_sync_to_async(latest_event_id)()
            await self.send(text_data=json.dumps({"type": "refetch"}))
        else:
            for item in missed:
                if item["id"] not in (self.catching_up or ()):
                    await self._send_event(item)
        self.catching_up = None

    async def disconnect(self, code: int) -> None:
        TAIL.unsubscribe(self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            request = json.loads(text_data or "")
            name, object_id = str(request["watch"]), int(request["id"])
        except (ValueError, KeyError, TypeError):
            await self.send(text_data=json.dumps({"type": "error", "detail": "bad request"}))
            return
        resolver = WATCHES.get(name)
        state = await database_sync_to_async(resolver)(self.user, object_id) if resolver else None
        if state is None:
            await self.send(text_data=json.dumps({"type": "error", "detail": "not found"}))
            return
        self.watches[f"{name}:{object_id}"] = (state, "")
        await self.tick()

    async def deliver(self, events: list[Any], audience: Audience | None = None) -> None:
        """New stored events from the tail. Who may read them is worked out again for each
        batch: by the tail for all its connections at once (``audience``), else here."""
        pk = self.user.pk
        if audience is not None:
            user_scope = audience.scopes.get(pk, frozenset())
            granted = {p for p, users in audience.granted.items() if pk in users}
        elif any(e.project_ids for e in events):
            user_scope = await database_sync_to_async(_scope_of)(self.user)
            wanted = {e.permission for e in events if e.permission}
            granted = await database_sync_to_async(self._granted)(wanted)
        else:
            user_scope, granted = frozenset(), set()  # only events addressed to users
        for event in events:
            if event.pk <= self.last_sent:
                continue
            if visible_to(
                event.project_ids,
                event.user_ids,
                user_id=pk,
                scope=user_scope,
                permitted=not event.permission or event.permission in granted,
            ):
                await self._send_event(message(event))

    def _granted(self, permissions: set[str]) -> set[str]:
        return {p for p in permissions if _permitted(self.user, p)}

    async def tick(self) -> None:
        """Watched objects whose state changed since the last tick."""
        for key, (state, sent) in list(self.watches.items()):
            current = await database_sync_to_async(_in_scope_of)(self.user, state)
            if current is None:  # no longer visible (moved out of the user's projects)
                del self.watches[key]
                continue
            text = json.dumps(current, sort_keys=True, default=str)
            if text != sent:
                self.watches[key] = (state, text)
                name, _sep, object_id = key.partition(":")
                await self.send(
                    text_data=json.dumps(
                        {"type": f"{name}.state", "id": int(object_id), "data": current},
                        default=str,
                    )
                )

    async def _send_event(self, item: dict[str, Any]) -> None:
        self.last_sent = max(self.last_sent, item["id"])
        if self.catching_up is not None:
            self.catching_up.add(item["id"])
        await self.send(text_data=json.dumps(item, default=str))
