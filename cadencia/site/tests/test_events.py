"""The event layer (issue #9, point 2): typed events published after commit, stored, pushed by
the tail to the sockets of users who may see them, replayed after a reconnect."""

import asyncio
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from channels.testing.websocket import WebsocketCommunicator
from django.conf import settings
from django.db import connection, transaction

from cadencia.contacts import services
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import ContactImport
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import check_upload, write_file
from cadencia.core import event_tail, events
from cadencia.core.consumers import EventConsumer
from cadencia.core.events import (
    Event,
    EventSchemaError,
    capture_events,
    check_schema,
    event_type,
    publish,
)
from cadencia.core.models import StoredEvent
from cadencia.core.websocket import ProjectScopeMiddleware
from cadencia.projects.models import Membership
from cadencia.projects.testing import permissions_named


@event_type
@dataclass(frozen=True)
class Ping(Event):
    TYPE = "test.ping"
    VERSION = 1

    n: int
    note: str | None


# schema and publishing


def test_a_payload_must_match_its_type() -> None:
    assert check_schema("test.ping", 1, {"n": 1, "note": None}) == Ping(1, None)
    with pytest.raises(EventSchemaError, match="fields"):
        check_schema("test.ping", 1, {"n": 1})
    with pytest.raises(EventSchemaError, match="n='1'"):
        check_schema("test.ping", 1, {"n": "1", "note": None})
    with pytest.raises(EventSchemaError, match="unknown event type"):
        check_schema("test.ping", 2, {"n": 1, "note": None})


@pytest.mark.django_db(transaction=True)
def test_events_are_stored_on_commit_and_not_on_rollback() -> None:
    with capture_events() as captured:
        with transaction.atomic():
            publish(Ping(1, "kept"), projects=[1])
            assert StoredEvent.objects.count() == 0  # not before the commit
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(Ping(2, "lost"), projects=[1])
            raise RuntimeError
    assert [(e.type, e.payload, e.project_ids) for e in StoredEvent.objects.all()] == [
        ("test.ping", {"n": 1, "note": "kept"}, [1])
    ]
    assert [p.event for p in captured] == [Ping(1, "kept")]


def test_an_event_with_a_wrong_payload_is_refused_where_it_is_published() -> None:
    @dataclass(frozen=True)
    class Unregistered(Event):
        TYPE = "test.unregistered"

    with pytest.raises(EventSchemaError):
        publish(Unregistered())


# the socket


def _application() -> Any:
    return ProjectScopeMiddleware(EventConsumer.as_asgi())


async def _connect(user: Any, last: int | None = None) -> WebsocketCommunicator:
    path = "/ws/events/" + (f"?last={last}" if last is not None else "")
    communicator = WebsocketCommunicator(_application(), path)
    communicator.scope["user"] = user
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def _received(communicator: WebsocketCommunicator) -> list[dict[str, Any]]:
    got = []
    while not await communicator.receive_nothing(timeout=0.6):
        got.append(json.loads(await communicator.receive_from()))
    return got


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


@pytest.fixture
def people(two_projects: Any) -> dict[str, Any]:
    perms = permissions_named("contacts.view_contact")
    return {
        "a": two_projects.add_user("in-a", two_projects.a, perms),
        "b": two_projects.add_user("in-b", two_projects.b, perms),
        "world": two_projects,
    }


def _publish(n: int, projects: list[int], users: tuple[int, ...] = ()) -> None:
    publish(Ping(n, None), projects=projects, users=users)  # outside a transaction: at once


@pytest.mark.django_db(transaction=True)
def test_events_reach_only_users_who_may_see_them(people: dict[str, Any]) -> None:
    world = people["world"]

    async def scenario() -> tuple[list[Any], list[Any]]:
        in_a, in_b = await _connect(people["a"]), await _connect(people["b"])
        await asyncio.to_thread(_publish, 1, [world.a.pk])
        await asyncio.to_thread(_publish, 2, [world.b.pk])
        await asyncio.to_thread(_publish, 3, [], (people["a"].pk,))  # to one user
        got_a, got_b = await _received(in_a), await _received(in_b)
        await in_a.disconnect()
        await in_b.disconnect()
        return got_a, got_b

    got_a, got_b = _run(scenario())
    assert [m["data"]["n"] for m in got_a] == [1, 3]
    assert [m["data"]["n"] for m in got_b] == [2]
    assert all(m["type"] == "test.ping" and m["version"] == 1 for m in got_a + got_b)
    assert got_a[0]["id"] < got_a[1]["id"]


@pytest.mark.django_db(transaction=True)
def test_scope_is_checked_again_at_delivery(people: dict[str, Any]) -> None:
    world = people["world"]

    async def scenario() -> list[Any]:
        socket = await _connect(people["a"])
        await asyncio.to_thread(
            lambda: Membership.objects.filter(user=people["a"], project=world.a).delete()
        )
        await asyncio.to_thread(_publish, 1, [world.a.pk])
        got = await _received(socket)
        await socket.disconnect()
        return got

    assert _run(scenario()) == []


@pytest.mark.django_db(transaction=True)
def test_a_reconnecting_client_gets_what_it_missed(people: dict[str, Any]) -> None:
    world = people["world"]
    _publish(1, [world.a.pk])
    seen = StoredEvent.objects.latest("pk").pk
    _publish(2, [world.a.pk])
    _publish(3, [world.b.pk])
    _publish(4, [world.a.pk])

    async def scenario() -> list[Any]:
        socket = await _connect(people["a"], last=seen)
        got = await _received(socket)
        await asyncio.to_thread(_publish, 5, [world.a.pk])
        got += await _received(socket)
        await socket.disconnect()
        return got

    assert [m["data"]["n"] for m in _run(scenario())] == [2, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_a_client_too_far_behind_is_told_to_refetch(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = people["world"]
    monkeypatch.setattr(events, "PRUNE_EVERY", 1)
    monkeypatch.setattr(events, "EVENTS_KEPT", 3)
    for n in range(8):
        _publish(n, [world.a.pk])
    assert StoredEvent.objects.count() == 3  # the replay buffer is bounded

    async def scenario() -> list[Any]:
        socket = await _connect(people["a"], last=1)
        got = await _received(socket)
        await socket.disconnect()
        return got

    assert _run(scenario()) == [{"type": "refetch"}]


@pytest.mark.django_db(transaction=True)
def test_a_gap_in_ids_is_read_again_until_it_commits(people: dict[str, Any]) -> None:
    """An id read after a later one (an insert that committed late) is still delivered."""
    world = people["world"]
    tail = event_tail.EventTail()
    delivered: list[int] = []

    class Recorder:
        user = None

        async def deliver(self, items: list[Any], scopes: Any = None) -> None:
            delivered.extend(i.payload["n"] for i in items)

        async def tick(self) -> None:
            pass

    async def scenario() -> None:
        tail.cursor = 0
        tail.subscribers.add(Recorder())
        early = await asyncio.to_thread(
            lambda: StoredEvent.objects.create(
                type="test.ping", version=1, payload={"n": 1, "note": None}, project_ids=[1]
            )
        )
        late_id = early.pk + 1
        await asyncio.to_thread(
            lambda: StoredEvent.objects.create(
                pk=late_id + 1,
                type="test.ping", version=1, payload={"n": 3, "note": None}, project_ids=[1],
            )
        )  # fmt: skip
        await tail.poll()
        await asyncio.to_thread(
            lambda: StoredEvent.objects.create(
                pk=late_id,
                type="test.ping", version=1, payload={"n": 2, "note": None}, project_ids=[1],
            )
        )  # fmt: skip
        await tail.poll()

    del world
    _run(scenario())
    assert delivered == [1, 3, 2]


def test_an_anonymous_socket_is_closed() -> None:
    from django.contrib.auth.models import AnonymousUser

    async def scenario() -> Any:
        communicator = WebsocketCommunicator(_application(), "/ws/events/")
        communicator.scope["user"] = AnonymousUser()
        connected, code = await communicator.connect()
        return connected, code

    assert _run(scenario()) == (False, 4401)


# the first user: contact imports


@pytest.mark.django_db(transaction=True)
def test_import_progress_is_watched_and_status_changes_are_pushed(
    people: dict[str, Any], tmp_path: Path
) -> None:
    world = people["world"]
    database = ContactDatabaseFactory.create(projects=[world.a])
    checked = check_upload(
        database, write_file(tmp_path, "n,tel\nAna,(0351) 15-621-9387\n"), mapping=Mapping(["tel"])
    )

    async def scenario() -> tuple[list[Any], list[Any]]:
        socket = await _connect(people["a"])
        await socket.send_to(text_data=json.dumps({"watch": "contact_import", "id": checked.pk}))
        first = await _received(socket)
        await asyncio.to_thread(services.contact_import_execute, contact_import=checked)
        later = await _received(socket)
        other = await _connect(people["b"])
        await other.send_to(text_data=json.dumps({"watch": "contact_import", "id": checked.pk}))
        refused = await _received(other)
        await socket.disconnect()
        await other.disconnect()
        return first + later, refused

    got, refused = _run(scenario())
    assert got[0] == {
        "type": "contact_import.state",
        "id": checked.pk,
        "data": {"status": "validated", "progress": None},
    }
    changes = [m["data"]["status"] for m in got if m["type"] == "contact_import.changed"]
    assert changes == ["running", "done"]
    assert refused == [{"type": "error", "detail": "not found"}]


@pytest.mark.django_db(transaction=True)
def test_state_before_plus_events_equals_state_after(
    demo_users: dict[str, Any], tmp_path: Path
) -> None:
    """Zulip's rule: a client that applies the events to the state it fetched ends up with the
    state it would fetch now."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from cadencia.projects.services import project_default

    token, _created = Token.objects.get_or_create(user=demo_users["admin"])
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    database = ContactDatabaseFactory.create(projects=[project_default()])
    checked = check_upload(
        database,
        write_file(tmp_path, "n,tel\nAna,(0351) 15-621-9387\nLuis,351 621 9390\nX,\n"),
        mapping=Mapping(["tel"]),
    )
    fields = ["status", "rows_valid", "rows_rejected", "created", "updated", "skipped", "error"]

    def fetch() -> dict[str, Any]:
        body = api.get(f"/api/v1/contact-imports/{checked.pk}/").json()
        return {name: body[name] for name in fields}

    state = fetch()
    with capture_events() as captured:
        services.contact_import_execute(contact_import=ContactImport.objects.get(pk=checked.pk))
    for item in captured:
        payload = item.event.payload()
        assert payload["import_id"] == checked.pk
        state.update({name: payload[name] for name in fields})
    assert len(captured) == 2
    assert state == fetch()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes need a server")
@pytest.mark.django_db(transaction=True)
def test_an_event_published_by_another_process_reaches_the_socket(
    people: dict[str, Any],
) -> None:
    """The task worker, telephony and dialer processes publish; browsers are on web processes."""
    world = people["world"]
    test_db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{test_db['USER']}@{test_db['HOST']}:{test_db['PORT']}/"
        f"{test_db['NAME']}",
    }
    script = (
        "from cadencia.core.events import publish\n"
        "from cadencia.site.tests.test_events import Ping\n"
        f"publish(Ping(42, 'from afar'), projects=[{world.a.pk}])\n"
    )

    def other_process() -> None:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=settings.BASE_DIR, env=env, check=True,
        )  # fmt: skip

    async def scenario() -> list[Any]:
        socket = await _connect(people["a"])
        await asyncio.to_thread(other_process)
        got = await _received(socket)
        await socket.disconnect()
        return got

    got = _run(scenario())
    assert [(m["type"], m["data"]) for m in got] == [("test.ping", {"n": 42, "note": "from afar"})]


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_fails_is_dropped_and_the_others_still_get_events(
    people: dict[str, Any],
) -> None:
    """A client that vanished mid-send (uvicorn raises ``ClientDisconnected``) must not stop the
    tail: it used to kill the tail's task, and every other socket of the process went quiet."""
    tail = event_tail.EventTail()
    delivered: list[int] = []

    class Gone:
        user = None

        async def deliver(self, items: list[Any], scopes: Any = None) -> None:
            raise ConnectionError("client disconnected")

        async def tick(self) -> None:
            raise ConnectionError("client disconnected")

    class Recorder:
        user = None

        async def deliver(self, items: list[Any], scopes: Any = None) -> None:
            delivered.extend(i.payload["n"] for i in items)

        async def tick(self) -> None:
            pass

    gone, recorder = Gone(), Recorder()

    async def scenario() -> None:
        tail.cursor = 0
        tail.subscribers.update({gone, recorder})

        def store(n: int) -> None:
            StoredEvent.objects.create(
                type="test.ping", version=1, payload={"n": n, "note": None}, user_ids=[1]
            )

        for n in range(1, event_tail.MAX_FAILURES + 1):
            await asyncio.to_thread(store, n)
            await tail.poll()
            # A failure or two (a busy database) keeps the connection; repeated, it goes.
            assert (gone in tail.subscribers) == (n < event_tail.MAX_FAILURES)

    del people
    _run(scenario())
    assert delivered == list(range(1, event_tail.MAX_FAILURES + 1))
    assert tail.subscribers == {recorder}
