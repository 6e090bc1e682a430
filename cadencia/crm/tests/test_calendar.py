"""The shared calendar: whose items a user sees, moving them (rules, journal, live event), and
the iCalendar feed behind a revocable secret address."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from cadencia.campaigns.models import DispositionOption
from cadencia.console.models import Disposition
from cadencia.core.events import capture_events
from cadencia.core.models import ChangeLogEntry
from cadencia.core.scoping import project_scope
from cadencia.crm import services
from cadencia.crm.choices import ActionStatus
from cadencia.crm.models import CalendarFeed, JournalEntry, TicketAction
from cadencia.crm.services import ActionData
from cadencia.crm.tests.search_world import action_for, ticket_for
from cadencia.crm.tests.world import CrmWorld
from cadencia.projects.testing import permissions_named
from cadencia.projects.tests.factories import UserGroupFactory

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def agenda(world: CrmWorld) -> dict[str, Any]:
    """Tomorrow: a visit for the agent (two hours), a task for their group, a meeting for the
    supervisor, a done action for the agent; a callback the agent scheduled; an action in
    project B."""
    assert world.supervisor.role is not None
    world.supervisor.role.permissions.add(*permissions_named("console.supervise_agents"))
    tomorrow = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    group = UserGroupFactory.create(projects=[world.a], members=[world.agent], name="Field")
    ticket = ticket_for(
        world,
        world.ana,
        action_for(
            world, "Visit", assignee=world.agent, starts_at=tomorrow, due_at=tomorrow + 2 * HOUR
        ),
        action_for(world, "Group task", group=group, starts_at=tomorrow),
        action_for(world, "Meeting", assignee=world.supervisor, starts_at=tomorrow),
        action_for(
            world, "Old", assignee=world.agent, starts_at=tomorrow, status=ActionStatus.DONE
        ),
    )
    callback = Disposition.objects.create(
        project=world.a,
        campaign=world.manual,
        contact=world.luis,
        agent=world.agent,
        option=DispositionOption.objects.get(campaign=world.manual, name="Call back"),
        callback_at=tomorrow + 3 * HOUR,
    )
    with project_scope([world.b.pk]):
        hidden = ActionData(world.tutorial_b, "Hidden", assignee=world.agent_b, starts_at=tomorrow)
        services.ticket_open(
            project_id=world.b.pk,
            subject="B",
            description="",
            user=world.agent_b,
            contact=None,
            call=None,
            actions=[hidden],
        )
    actions = {a.subject: a for a in TicketAction.objects.filter(ticket=ticket)}
    return {"tomorrow": tomorrow, "group": group, "callback": callback, **actions}


def _items(client: Any, when: datetime.datetime, **params: Any) -> dict[str, dict[str, Any]]:
    start = (when - datetime.timedelta(days=2)).isoformat()
    end = (when + datetime.timedelta(days=2)).isoformat()
    response = client.get("/crm/calendar/items/", {"start": start, "end": end, **params})
    assert response.status_code == 200, response.content
    return {item["title"].split(" · ")[-1]: item for item in response.json()}


@pytest.mark.covers("crm:calendar", "crm:calendar_items")
def test_each_user_sees_the_agendas_they_may(world: CrmWorld, agenda: dict[str, Any]) -> None:
    when = agenda["tomorrow"]
    agent = world.web_client(world.agent)
    mine = _items(agent, when)
    assert set(mine) == {"Visit", "Group task", "Old", f"Call back {world.luis}"}
    visit = mine["Visit"]
    assert visit["editable"] and visit["color"] == "#dc3545"
    assert (
        datetime.datetime.fromisoformat(visit["end"])
        - datetime.datetime.fromisoformat(visit["start"])
        == 2 * HOUR
    )
    assert not mine["Old"]["editable"] and mine["Old"]["color"] == "#198754"
    assert {a["key"] for a in visit["extendedProps"]["actions"]} >= {"ticket", "tickets"}
    # An agent asking for everyone still gets their own agenda.
    assert set(_items(agent, when, who="everyone")) == set(mine)
    boss = world.web_client(world.supervisor)
    assert set(_items(boss, when)) == {"Meeting"}
    everyone = set(_items(boss, when, who="everyone"))
    assert everyone >= {"Visit", "Group task", "Meeting"} and "Hidden" not in everyone
    chosen = _items(boss, when, who="agents", agents=[world.agent.pk, world.agent_b.pk])
    assert "Visit" in chosen and "Meeting" not in chosen and "Hidden" not in chosen
    group = _items(boss, when, who="group", group=agenda["group"].pk)
    assert {"Visit", "Group task"} <= set(group) and "Meeting" not in group
    assert boss.get("/crm/calendar/").status_code == 200
    # Bad ranges are refused with a reason.
    too_long = {"start": when.isoformat(), "end": (when + 90 * 24 * HOUR).isoformat()}
    for params in ({}, {"start": "soon", "end": "later"}, too_long):
        response = boss.get("/crm/calendar/items/", params)
        assert response.status_code == 400 and response.json()["errors"]


def _move(client: Any, kind: str, pk: int, start: datetime.datetime, **extra: Any) -> Any:
    return client.post(
        "/crm/calendar/move/", {"kind": kind, "pk": pk, "start": start.isoformat(), **extra}
    )


@pytest.mark.covers("crm:calendar_move")
def test_moving_an_action_keeps_its_length_is_journaled_and_pushed(
    world: CrmWorld, agenda: dict[str, Any], committed: Any
) -> None:
    visit = agenda["Visit"]
    later = agenda["tomorrow"] + datetime.timedelta(days=1, hours=2)
    with capture_events() as events, committed():
        response = _move(world.web_client(world.supervisor), "action", visit.pk, later)
    assert response.status_code == 200, response.content
    visit.refresh_from_db()
    assert (visit.starts_at, visit.due_at) == (later, later + 2 * HOUR)
    entry = JournalEntry.objects.filter(action=visit, created=False).get()
    assert entry.user == world.supervisor
    moved = [e.event for e in events if e.event.TYPE == "calendar.changed"]
    assert [(e.kind, e.item_id) for e in moved] == [("action", visit.pk)]  # type: ignore[attr-defined]
    agent = world.web_client(world.agent)
    # The rules: pending only, not into the past, within a year, end after start.
    old = agenda["Old"]
    assert _move(agent, "action", old.pk, later).status_code == 400
    past = timezone.now() - datetime.timedelta(hours=2)
    assert "passed" in _move(agent, "action", visit.pk, past).json()["errors"][0]
    far = timezone.now() + datetime.timedelta(days=400)
    assert _move(agent, "action", visit.pk, far).status_code == 400
    backwards = {"end": (later - HOUR).isoformat()}
    assert _move(agent, "action", visit.pk, later, **backwards).status_code == 400
    garbled = {"kind": "action", "pk": visit.pk, "start": "soon"}
    assert agent.post("/crm/calendar/move/", garbled).status_code == 400
    assert _move(agent, "nothing", visit.pk, later).status_code == 400
    hidden = TicketAction.objects.filter(subject="Hidden")
    with project_scope([world.b.pk]):
        hidden_pk = hidden.get().pk
    assert _move(agent, "action", hidden_pk, later).status_code == 404  # another project's
    reader = world.add_user("reader", world.a, permissions_named("crm.view_ticket"))
    assert _move(world.web_client(reader), "action", visit.pk, later).status_code == 403
    visit.refresh_from_db()
    assert visit.starts_at == later  # untouched by the refused moves


def test_callbacks_move_by_their_agent_or_a_supervisor(
    world: CrmWorld, agenda: dict[str, Any]
) -> None:
    callback = agenda["callback"]
    later = agenda["tomorrow"] + 5 * HOUR
    assert _move(world.web_client(world.agent), "callback", callback.pk, later).status_code == 200
    callback.refresh_from_db()
    assert callback.callback_at == later
    assert ChangeLogEntry.objects.filter(verb="crm.callback_moved").exists()
    other = world.add_user("other", world.a, permissions_named("crm.view_ticket"))
    refused = _move(world.web_client(other), "callback", callback.pk, later + HOUR)
    assert refused.status_code == 403
    moved = _move(world.web_client(world.supervisor), "callback", callback.pk, later + HOUR)
    assert moved.status_code == 200


@pytest.mark.covers("crm:calendar_feed", "crm:calendar_feed_new", "crm:calendar_feed_revoke")
def test_the_icalendar_feed_behind_a_revocable_secret(
    world: CrmWorld, agenda: dict[str, Any]
) -> None:
    client = world.web_client(world.agent)
    assert client.post("/crm/calendar/feed/new/").status_code == 302
    page = client.get("/crm/calendar/").content.decode()
    found = re.search(r"/crm/calendar/([A-Za-z0-9_-]+)\.ics", page)
    assert found is not None
    token = found.group(1)
    assert len(token) > 30 and not CalendarFeed.objects.filter(token_hash=token).exists()
    assert f"{token}.ics" not in client.get("/crm/calendar/").content.decode()  # shown once
    anonymous = world.web_client(None)
    response = anonymous.get(f"/crm/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(e["SUMMARY"]).split(" · ")[-1]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Visit", "Group task", "Old", f"Call back {world.luis}"}
    for event in events.values():
        assert event["UID"] and event["DTSTAMP"] and event["DTSTART"]
    visit = events["Visit"]
    assert visit.decoded("DTEND") - visit.decoded("DTSTART") == 2 * HOUR
    # A new address stops the old one; revoking stops every one.
    client.post("/crm/calendar/feed/new/")
    assert anonymous.get(f"/crm/calendar/{token}.ics").status_code == 404
    client.post("/crm/calendar/feed/revoke/")
    assert not CalendarFeed.objects.exists()
    assert anonymous.get(f"/crm/calendar/{'x' * 500}.ics").status_code == 404
