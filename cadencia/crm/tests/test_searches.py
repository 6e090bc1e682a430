"""The CRM's searches: actions, tickets and the call history (the seed's sections 3 to 5):
each filter and some combinations, day boundaries in the user's time zone, colours, keyset
pages, constant queries per page, isolation between projects."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadencia.campaigns.models import DispositionOption
from cadencia.console.models import Call, Disposition, Recording
from cadencia.contacts.models import Contact
from cadencia.core.scoping import project_scope
from cadencia.crm import search_views, searches
from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.models import Comment, JournalEntry, Ticket, TicketAction
from cadencia.crm.tests.search_world import (
    LATE_ON_THE_9TH,
    MORNING_OF_THE_10TH,
    action_for,
    call_for,
    ticket_for,
)
from cadencia.crm.tests.world import CrmWorld


def _rows(client: Any, url: str, **params: Any) -> list[Any]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return list(response.context["rows"])


def _subjects(client: Any, **params: Any) -> list[str]:
    return sorted(a.subject for a in _rows(client, "/crm/actions/", **params))


@pytest.mark.covers("crm:action_search")
def test_action_search_filters(crm: CrmWorld) -> None:
    client = crm.web_client(crm.supervisor)
    everything = ["Call the bank", "Urgent", "Visit"]
    assert _subjects(client) == everything
    assert _subjects(client, status="pending") == ["Urgent", "Visit"]
    assert _subjects(client, status="done") == ["Call the bank"]
    assert _subjects(client, status="cancelled") == []
    # Days are the user's (Córdoba): 02:00 UTC on the 10th is the evening of the 9th.
    assert _subjects(client, since="2026-03-10") == ["Call the bank"]
    assert _subjects(client, until="2026-03-09") == ["Visit"]
    assert _subjects(client, since="2026-03-09", until="2026-03-09") == ["Visit"]
    assert _subjects(client, agent=crm.agent.pk) == ["Urgent", "Visit"]
    assert _subjects(client, agent=crm.agent.pk, status="pending", since="2026-03-09") == ["Visit"]
    assert _subjects(client, company=crm.acme.pk) == ["Call the bank", "Visit"]  # type: ignore[attr-defined]
    assert _subjects(client, priority=Priority.URGENT) == ["Urgent"]
    assert _subjects(client, contact=crm.luis.pk) == ["Urgent"]
    assert _subjects(client, contact_text="Luis") == ["Urgent"]
    assert _subjects(client, contact_text="+54 9 351 621-9387") == ["Call the bank", "Visit"]
    # The first and last days there are.
    assert _subjects(client, since="0001-01-01", until="9999-12-31") == everything
    crm.supervisor.time_zone = "Asia/Tokyo"
    crm.supervisor.save()
    assert _subjects(client, since="0002-01-01", until="9998-12-31") == ["Call the bank", "Visit"]
    crm.supervisor.time_zone = "America/Argentina/Cordoba"
    crm.supervisor.save()
    # Wrong input: an error on the form and no rows, never every row.
    response = client.get("/crm/actions/", {"since": "yesterday", "agent": "99999999999999999999"})
    assert response.status_code == 200 and list(response.context["rows"]) == []
    assert response.context["filter"].errors.keys() >= {"since", "agent"}


def test_action_search_colours_and_edits_in_place(crm: CrmWorld) -> None:
    client = crm.web_client(crm.agent)
    page = client.get("/crm/actions/").content.decode()
    visit = TicketAction.objects.get(subject="Visit")
    done = TicketAction.objects.get(subject="Call the bank")
    assert f'class="table-danger" data-action="{visit.pk}" data-state="pending"' in page
    assert f'class="table-success" data-action="{done.pk}" data-state="done"' in page
    assert "Hidden action" not in page
    back = "/crm/actions/?status=pending"
    response = client.post(f"/crm/actions/{visit.pk}/status/", {"status": "done", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    visit.refresh_from_db()
    assert visit.status == ActionStatus.DONE
    assert JournalEntry.objects.filter(action=visit, created=False).exists()
    # An address elsewhere is not followed.
    evil = client.post(
        f"/crm/actions/{visit.pk}/status/", {"status": "pending", "next": "https://evil.example/"}
    )
    assert evil["Location"] == f"/crm/tickets/{visit.ticket_id}/"


def _numbers(client: Any, **params: Any) -> list[int]:
    return sorted(t.pk for t in _rows(client, "/crm/tickets/", **params))


@pytest.mark.covers("crm:ticket_list")
def test_ticket_search_filters_colours_and_pending_actions(crm: CrmWorld) -> None:
    client = crm.web_client(crm.supervisor)
    ana, luis = crm.t_ana.pk, crm.t_luis.pk  # type: ignore[attr-defined]
    assert _numbers(client) == [ana, luis]
    assert _numbers(client, status="open") == [ana, luis]
    TicketAction.objects.filter(subject="Urgent").update(status=ActionStatus.CANCELLED)
    Ticket.objects.filter(pk=luis).update(is_open=False)
    assert _numbers(client, status="closed") == [luis]
    assert _numbers(client, agent=crm.supervisor.pk) == [ana]
    assert _numbers(client, company=crm.acme.pk) == [ana]  # type: ignore[attr-defined]
    assert _numbers(client, contact=crm.luis.pk) == [luis]
    assert _numbers(client, contact_text="Ana") == [ana]
    assert _numbers(client, q=f"#{luis}") == [luis]
    assert _numbers(client, q="Line") == [ana]
    today = timezone.localdate().isoformat()
    assert _numbers(client, since=today, until=today, agent=crm.agent.pk) == [ana, luis]
    assert _numbers(client, until="2020-01-01") == []
    page = client.get("/crm/tickets/").content.decode()
    assert f'class="table-danger" data-ticket="{ana}" data-state="pending"' in page
    assert f'class="table-success" data-ticket="{luis}" data-state="done"' in page
    visit = TicketAction.objects.get(subject="Visit")
    assert f'data-pending-action="{visit.pk}"' in page  # editable from the list
    assert "Secret B" not in page


def _calls(client: Any, **params: Any) -> list[int]:
    return sorted(c.pk for c in _rows(client, "/crm/history/", **params))


@pytest.mark.covers("crm:history")
def test_call_history_filters(crm: CrmWorld, history: dict[str, Call]) -> None:
    client = crm.web_client(crm.supervisor)
    ana, luis, unknown = (history[k].pk for k in ("out_ana", "in_luis", "unknown"))
    assert _calls(client) == [ana, luis, unknown]
    assert _calls(client, direction="out") == [ana, unknown]
    assert _calls(client, direction="in") == [luis]
    # Date-times are the user's (Córdoba, UTC-3): 23:00 on the 9th is 02:00 UTC on the 10th.
    assert _calls(client, since="2026-03-09T22:59", until="2026-03-09T23:01") == [ana]
    assert _calls(client, since="2026-03-09T23:01", until="2026-03-10T12:00") == [luis]
    assert _calls(client, number="+54 9 351 621-9390") == [luis]
    assert _calls(client, disposition="Sale") == [ana]
    assert _calls(client, agent=crm.supervisor.pk) == [luis]
    assert _calls(client, company=crm.acme.pk) == [ana]  # type: ignore[attr-defined]
    assert _calls(client, campaign=crm.inbound.pk) == [luis]
    assert crm.database is not None
    assert _calls(client, database=crm.database.pk) == [ana, luis]
    assert _calls(client, contact=crm.luis.pk) == [luis]
    assert _calls(client, contact_text="Ana", direction="out") == [ana]
    assert _calls(client, campaign=crm.campaign_b.pk) == []  # another project's: refused
    page = client.get("/crm/history/").content.decode()
    assert f'src="/console/recordings/{Recording.objects.get().pk}/"' in page
    assert "Asked for a bill" in page and "Sold the plan" in page
    # An agent sees their own calls only.
    assert _calls(crm.web_client(crm.agent)) == [ana, unknown]


def test_call_facts_in_one_query(
    crm: CrmWorld, history: dict[str, Call], django_assert_num_queries: Any
) -> None:
    """Recordings in order, the newest disposition, the oldest comment; none of another
    project's."""
    call, luis = history["out_ana"], history["in_luis"]
    second = Recording.objects.create(call=call, file="y.wav", seconds=4)
    redone = Disposition.objects.create(
        project=crm.a, campaign=crm.manual, contact=crm.ana, agent=crm.agent,
        option=DispositionOption.objects.get(campaign=crm.manual, name="Sale"), notes="Again",
        is_current=False,
    )  # fmt: skip
    redone.calls.add(call)
    Comment.objects.create(project=crm.a, call=luis, author=crm.supervisor, body="Later")
    Comment.objects.create(project=crm.b, call=call, author=crm.agent_b, body="Not yours")
    with project_scope([crm.a.pk]), django_assert_num_queries(1):
        facts = searches.call_facts([call.pk, luis.pk, history["unknown"].pk])
    first = Recording.objects.filter(call=call).order_by("pk").first()
    assert first is not None and facts.recordings[call.pk] == [first.pk, second.pk]
    assert facts.recordings[luis.pk] == facts.recordings[history["unknown"].pk] == []
    assert facts.dispositions == {call.pk: searches.ListedDisposition("Sale", "Again")}
    assert facts.comments == {luis.pk: "<b>Asked</b> for a bill"}


def test_a_call_keeps_the_company_and_database_its_contact_had(
    crm: CrmWorld, history: dict[str, Call]
) -> None:
    """The history's company and database filters read them from the call (their index)."""
    call = history["out_ana"]
    assert call.company_id == crm.acme.pk  # type: ignore[attr-defined]
    assert call.contact_database_id == crm.ana.database_id
    assert history["unknown"].company_id is None
    assert history["unknown"].contact_database_id is None
    with project_scope([crm.a.pk]):
        call.state = "ended"
        call.save(update_fields=["state"])  # a save that leaves the contact alone
        call.contact = crm.luis
        call.save(update_fields=["contact"])
        call.refresh_from_db()
        assert (call.company_id, call.contact_database_id) == (None, crm.luis.database_id)
        call.contact = None
        call.save()
        call.refresh_from_db()
        assert (call.company_id, call.contact_database_id) == (None, None)
    # A contact that leaves its company later leaves its past calls where they were.
    before = call_for(crm, contact=crm.ana)
    Contact.objects.filter(pk=crm.ana.pk).update(company=None)
    later = call_for(crm, contact=Contact.objects.get(pk=crm.ana.pk))
    client = crm.web_client(crm.supervisor)
    assert _calls(client, company=crm.acme.pk) == [before.pk]  # type: ignore[attr-defined]
    assert later.company_id is None


def test_actions_in_a_start_date_range_are_listed_by_start(crm: CrmWorld, monkeypatch: Any) -> None:
    """Newest created first without dates; by start (newest first, keyset pages) with them."""
    noon_of_the_9th = LATE_ON_THE_9TH - datetime.timedelta(hours=11)
    ticket_for(crm, crm.luis, action_for(crm, "Early", starts_at=noon_of_the_9th), subject="E")
    client = crm.web_client(crm.supervisor)
    newest = [a.subject for a in _rows(client, "/crm/actions/")]
    assert newest[0] == "Early"
    monkeypatch.setattr(search_views, "PAGE_SIZE", 2)
    dates = {"since": "2026-03-09", "until": "2026-03-10"}
    first = client.get("/crm/actions/", dates)
    assert [a.subject for a in first.context["rows"]] == ["Call the bank", "Visit"]
    second = client.get("/crm/actions/", {**dates, "after": first.context["next_after"]})
    assert [a.subject for a in second.context["rows"]] == ["Early"]
    assert second.context["next_after"] is None


def test_pages_follow_keysets_and_read_a_fixed_number_of_queries(
    crm: CrmWorld, history: dict[str, Call], monkeypatch: Any
) -> None:
    client = crm.web_client(crm.supervisor)
    monkeypatch.setattr(search_views, "PAGE_SIZE", 2)
    first = client.get("/crm/history/")
    after = first.context["next_after"]
    assert after and [c.pk for c in first.context["rows"]] == [
        history["unknown"].pk,
        history["in_luis"].pk,
    ]
    second = client.get("/crm/history/", {"after": after})
    assert [c.pk for c in second.context["rows"]] == [history["out_ana"].pk]
    assert second.context["next_after"] is None
    assert client.get("/crm/history/", {"after": "garbage_x"}).status_code == 200

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    monkeypatch.setattr(search_views, "PAGE_SIZE", 50)
    counts = {url: queries(url) for url in ("/crm/history/", "/crm/tickets/", "/crm/actions/")}
    for _n in range(5):
        call_for(crm, created_at=MORNING_OF_THE_10TH, contact=crm.luis)
        ticket_for(crm, crm.luis, action_for(crm, "More", assignee=crm.agent))
    for url, count in counts.items():
        assert queries(url) == count, url
