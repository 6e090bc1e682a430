"""Each web process tails the stored events and hands them to its own WebSocket connections.

The table is the only thing the processes share: a task worker or a telephony process stores
an event, every web process sees it on its next read (every ``INTERVAL`` seconds, one indexed
query for all of the process's connections). Ids come from the database's sequence; an id that
is missing between two read ones may belong to an insert not yet committed, so it is asked for
again for ``GAP_SECONDS`` before it is given up.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from typing import Any, Protocol

from channels.db import database_sync_to_async

INTERVAL = 0.25
GAP_SECONDS = 5.0
BATCH = 500


class Subscriber(Protocol):
    async def deliver(self, events: list[Any]) -> None: ...

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


class EventTail:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.cursor: int | None = None
        self.gaps: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None

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

    async def _run(self) -> None:
        try:
            while self.subscribers:
                await self.poll()
                await asyncio.sleep(INTERVAL)
        finally:
            # Nobody listens (or the loop stopped): the next connection starts afresh.
            self.cursor = None
            self.gaps.clear()

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
        for subscriber in list(self.subscribers):
            if events:
                await subscriber.deliver(events)
            await subscriber.tick()


TAIL = EventTail()
