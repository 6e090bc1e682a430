"""Typed events, published after commit, pushed to the browsers that may see them.

A service declares an event type (a frozen dataclass with ``TYPE`` and ``VERSION``) and calls
``publish(event, projects=..., users=...)`` inside its transaction. When the transaction
commits, the event is stored (``StoredEvent``): its id orders every event of the installation.
Each web process tails that table (``core/event_tail.py``) and hands new events to its
WebSocket connections, which check again that their user may see them. So an event published by
a task worker, a telephony listener or a dialer process reaches browsers connected to any web
process, with no service beyond the database, on ``make run`` as in production.

A client says the last id it saw when it reconnects and gets what it missed, or is told to fetch
its state again when that is older than the events kept (``EVENTS_KEPT``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import types
import typing
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any, ClassVar, TypeVar

from django.db import transaction

EVENTS_KEPT = 10_000  # the replay buffer: events older than the newest 10,000 are pruned
PRUNE_EVERY = 500


class EventSchemaError(ValueError):
    """An event whose payload does not match its declared type."""


@dataclasses.dataclass(frozen=True)
class Event:
    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


REGISTRY: dict[tuple[str, int], type[Event]] = {}
E = TypeVar("E", bound=type[Event])


def event_type(cls: E) -> E:
    """Register an event class; ``(TYPE, VERSION)`` must be new."""
    key = (cls.TYPE, cls.VERSION)
    if key in REGISTRY and REGISTRY[key] is not cls:
        raise ValueError(f"event type {key} is declared twice")
    REGISTRY[key] = cls
    return cls


_SIMPLE = {int, str, float, bool, type(None), list, dict}


def _accepts(annotation: Any, value: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(annotation))
    if origin is not None:
        return isinstance(value, origin)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation in _SIMPLE:
        return isinstance(value, annotation)
    return False


def check_schema(type_name: str, version: int, payload: dict[str, Any]) -> Event:
    """The event a stored or received payload stands for; EventSchemaError when it does not
    match its type's fields (names and types)."""
    cls = REGISTRY.get((type_name, version))
    if cls is None:
        raise EventSchemaError(f"unknown event type {type_name} v{version}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    if set(payload) != names:
        raise EventSchemaError(
            f"{type_name} v{version}: fields {sorted(payload)} instead of {sorted(names)}"
        )
    for name in names:
        if not _accepts(hints[name], payload[name]):
            raise EventSchemaError(f"{type_name} v{version}: {name}={payload[name]!r}")
    return cls(**payload)


@dataclasses.dataclass(frozen=True)
class Published:
    event: Event
    project_ids: tuple[int, ...]
    user_ids: tuple[int, ...]
    permission: str = ""


_capture: ContextVar[list[Published] | None] = ContextVar("cadencia_event_capture", default=None)


def publish(
    event: Event, *, projects: Iterable[int] = (), users: Iterable[int] = (), permission: str = ""
) -> None:
    """Store ``event`` for delivery when the current transaction commits (at once outside one).

    It reaches ``users``, and the members of ``projects`` — only those holding ``permission``
    when one is named (an agent's state is for supervisors, not for the other 499 agents).
    The payload is checked against its type now, where the mistake is made, not in a browser.
    """
    check_schema(event.TYPE, event.VERSION, event.payload())
    published = Published(
        event, tuple(sorted(set(projects))), tuple(sorted(set(users))), permission
    )
    captured = _capture.get()
    if captured is not None:
        transaction.on_commit(lambda: captured.append(published))
    transaction.on_commit(lambda: _store(published))


def _store(published: Published) -> None:
    from cadencia.core.models import StoredEvent

    stored = StoredEvent.objects.create(
        type=published.event.TYPE,
        version=published.event.VERSION,
        payload=published.event.payload(),
        project_ids=list(published.project_ids),
        user_ids=list(published.user_ids),
        permission=published.permission,
    )
    if stored.pk % PRUNE_EVERY == 0:
        StoredEvent.objects.filter(pk__lte=stored.pk - EVENTS_KEPT).delete()
    _wake_tails()


def _wake_tails() -> None:
    """Tell every web process's tail to read now (``event_tail``); best effort."""
    client = _wake_client()
    if client is None:
        return
    try:
        client.publish("cadencia:events", b"1")
    except Exception:
        logging.getLogger(__name__).warning("event wake-up not sent", exc_info=True)


@functools.cache
def _wake_client() -> Any:
    from django.conf import settings

    url = getattr(settings, "EVENTS_WAKEUP_REDIS_URL", "")
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


@contextlib.contextmanager
def capture_events() -> Iterator[list[Published]]:
    """Test helper (in the spirit of Zulip's ``verify_action``): the events published, and
    committed, inside the block, each checked against its schema."""
    captured: list[Published] = []
    token = _capture.set(captured)
    try:
        yield captured
    finally:
        _capture.reset(token)
    for item in captured:
        check_schema(item.event.TYPE, item.event.VERSION, item.event.payload())


def visible_to(project_ids: Iterable[int], user_ids: Iterable[int], *, user_id: int,
               scope: frozenset[int] | None, permitted: bool = True) -> bool:  # fmt: skip
    """May this user receive an event for these projects and users? ``scope`` None: the user
    sees every project; ``permitted``: the user holds the event's permission, if it names one."""
    if user_id in user_ids:
        return True
    projects = set(project_ids)
    if not projects or not permitted:
        return False
    return scope is None or bool(projects & scope)


def latest_event_id() -> int:
    """The id a page's state was rendered at: its socket asks for what came after."""
    from cadencia.core.models import StoredEvent

    return StoredEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def message(stored: Any) -> dict[str, Any]:
    """What a browser receives for a stored event."""
    return {"id": stored.pk, "type": stored.type, "version": stored.version, "data": stored.payload}
