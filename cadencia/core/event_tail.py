"""Each web process tails the stored events and hands them to its own WebSocket connections.

The table is the only thing the processes share: a task worker or a telephony process stores
an event, every web process sees it on its next read (every ``INTERVAL`` seconds, one indexed
query for all of the process's connections). Ids come from the database's sequence; an id that
is missing between two read ones may belong to an insert not yet committed, so it is asked for
again for ``GAP_SECONDS`` before it is given up.

With Redis configured (``EVENTS_WAKEUP_REDIS_URL``), a publisher also says "new event" on a
Redis channel and every tail reads at once instead of at its next tick: the table stays the
source of truth (a lost wake-up costs one interval), the wake-up only cuts the wait. The
projects of every connected user are read in one batch per read (``scopes_for_users``), not
one query per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from typing import Any, Protocol

from channels.db import database_sync_to_async
from django.conf import settings

from cadencia.core.scoping import ALL_PROJECTS
from cadencia.core.tenancy import tenancy

log = logging.getLogger(__name__)
WAKE_CHANNEL = "cadencia:events"

INTERVAL = 0.25
GAP_SECONDS = 5.0
BATCH = 500
MAX_FAILURES = 3


# user id → the projects they see (None: every project), read once per batch of events.
Scopes = dict[int, frozenset[int] | None]


class Audience:
    """Who may read a batch, worked out once for every connection of the process: the projects
    each user sees and, for each permission the batch names, the users who hold it."""

    def __init__(self, scopes: Scopes, granted: dict[str, set[int]]) -> None:
        self.scopes = scopes
        self.granted = granted


class Subscriber(Protocol):
    user: Any

    async def deliver(self, events: list[Any], audience: Audience | None = None) -> None: ...

    async def tick(self) -> None: ...


def _latest_id() -> int:
    from cadencia.core.models import StoredEvent

    return StoredEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _read(after: int, missing: list[int]) -> list[Any]:
    from django.db.models import Q

    from cadencia.core.models import StoredEvent

    query = Q(pk__gt=after)
    if missing:
        query |= Q(pk__in=missing)
    return list(StoredEvent.objects.filter(query).order_by("pk")[:BATCH])


def _audience(users: list[Any], events: list[Any]) -> Audience:
    """Who may read ``events`` among ``users``: only the users the events could reach get their
    projects read (an agent's state is for the few supervisors, not for every agent)."""
    permissions = {e.permission for e in events if e.project_ids and e.permission}
    # Django caches permissions on each connection's user object: read once per connection.
    granted = {p: {u.pk for u in users if u.has_perm(p)} for p in permissions}
    if any(e.project_ids and not e.permission for e in events):
        candidates = users
    else:
        allowed = set().union(*granted.values()) if granted else set()
        candidates = [u for u in users if u.pk in allowed]
    found = tenancy().scopes_for_users(candidates) if candidates else {}
    scopes: Scopes = {
        pk: None if scope is ALL_PROJECTS else frozenset(scope)  # type: ignore[arg-type]
        for pk, scope in found.items()
    }
    return Audience(scopes, granted)


def _recipients(subscribers: list[Any], events: list[Any], audience: Audience | None) -> list[Any]:
    """The connections any of ``events`` may be for: those addressed by user, and those whose
    projects were read for the batch."""
    addressed = {pk for e in events for pk in e.user_ids}
    reachable = set(audience.scopes) if audience is not None else set()
    return [s for s in subscribers if s.user is None or s.user.pk in addressed | reachable]


class EventTail:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.cursor: int | None = None
        self.gaps: dict[int, float] = {}
        self.failures: dict[Subscriber, int] = {}
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None

    async def subscribe(self, subscriber: Subscriber) -> None:
        if self.cursor is None:
            self.cursor = await database_sync_to_async(_latest_id)()
        self.subscribers.add(subscriber)
        if self._task is None or self._task.done():
            # A fresh context: the tail must not run inside the first connection's project scope.
            self._task = asyncio.get_running_loop().create_task(
                self._run(), context=contextvars.Context()
            )

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)
        self.failures.pop(subscriber, None)

    async def _run(self) -> None:
        self._wake = asyncio.Event()
        listener = None
        url = getattr(settings, "EVENTS_WAKEUP_REDIS_URL", "")
        if url:
            listener = asyncio.get_running_loop().create_task(self._listen(url, self._wake))
        try:
            while self.subscribers:
                try:
                    await self.poll()
                except Exception:  # the database hiccuped: the next tick reads again
                    log.warning("event tail read failed; retrying", exc_info=True)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), INTERVAL)
                self._wake.clear()
        finally:
            # Nobody listens (or the loop stopped): the next connection starts afresh.
            if listener is not None:
                listener.cancel()
            self.cursor = None
            self.gaps.clear()

    @staticmethod
    async def _listen(url: str, wake: asyncio.Event) -> None:
        import redis.asyncio as redis

        while True:
            try:
                client = redis.from_url(url)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(WAKE_CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away: polling goes on; try again in a while
                log.warning("event wake-up listener lost Redis; retrying", exc_info=True)
                await asyncio.sleep(5)

    async def poll(self) -> None:
        """One read: new events (and those of open gaps) to every subscriber, then their ticks."""
        now = time.monotonic()
        self.gaps = {i: t for i, t in self.gaps.items() if now - t < GAP_SECONDS}
        cursor = self.cursor or 0
        events = await database_sync_to_async(_read)(cursor, sorted(self.gaps))
        for event in events:
            self.gaps.pop(event.pk, None)
            if event.pk > cursor:
                # (bounded: a burst of rolled-back inserts must not grow it without end)
                self.gaps.update(
                    {i: now for i in range(max(cursor + 1, event.pk - 1000), event.pk)}
                )
                cursor = event.pk
        self.cursor = cursor
        subscribers = list(self.subscribers)
        failed: set[Subscriber] = set()
        if events:
            audience = None
            if any(event.project_ids for event in events):
                users = {s.user.pk: s.user for s in subscribers if s.user is not None}
                audience = await database_sync_to_async(_audience)(list(users.values()), events)
            for subscriber in _recipients(subscribers, events, audience):
                if not await _served(subscriber.deliver(events, audience)):
                    failed.add(subscriber)
        for subscriber in subscribers:
            if not await _served(subscriber.tick()):
                failed.add(subscriber)
        self._count_failures(subscribers, failed)

    def _count_failures(self, subscribers: list[Subscriber], failed: set[Subscriber]) -> None:
        """One connection's failure never stops the tail for the others. A connection that
        fails ``MAX_FAILURES`` reads in a row (a client gone before its disconnect arrived) is
        dropped; a single failure (a busy database) is tried again at the next read."""
        for subscriber in subscribers:
            if subscriber not in failed:
                self.failures.pop(subscriber, None)
                continue
            self.failures[subscriber] = self.failures.get(subscriber, 0) + 1
            if self.failures[subscriber] >= MAX_FAILURES:
                self.unsubscribe(subscriber)


async def _served(step: Any) -> bool:
    try:
        await step
    except Exception:
        log.info("the event tail could not serve a connection", exc_info=True)
        return False
    return True


TAIL = EventTail()
