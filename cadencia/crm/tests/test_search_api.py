"""The searches and downloads over the API: the pages' filters, cursor pages, errors, scope."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command

from cadencia.console.models import Call
from cadencia.core.api_auth import CursorPagination
from cadencia.core.models import Export
from cadencia.crm.tests.search_world import LATE_ON_THE_9TH, action_for, ticket_for
from cadencia.crm.tests.world import CrmWorld

API = "/api/v1"


def _get(client: Any, path: str, **params: Any) -> Any:
    return client.get(f"{API}{path}", params)


@pytest.mark.covers("crm-actions", "crm-tickets", "crm-calls")
def test_searches_over_the_api(crm: CrmWorld, history: dict[str, Call], monkeypatch: Any) -> None:
    api = crm.api_client(crm.supervisor)
    actions = _get(api, "/crm/actions/", status="pending", agent=crm.agent.pk).json()
    assert sorted(a["subject"] for a in actions["results"]) == ["Urgent", "Visit"]
    until = _get(api, "/crm/actions/", until="2026-03-09").json()["results"]
    assert [a["subject"] for a in until] == ["Visit"]  # the user's day (Córdoba)
    tickets = _get(api, "/crm/tickets/", company=crm.acme.pk).json()["results"]  # type: ignore[attr-defined]
    assert [(t["subject"], t["pending"], t["actions"]) for t in tickets] == [("Line down", 1, 2)]
    assert len(_get(api, "/crm/tickets/", status="all").json()["results"]) == 2
    calls = _get(api, "/crm/calls/", direction="out", disposition="Sale").json()["results"]
    assert [(c["id"], c["disposition"], c["comment"]) for c in calls] == [
        (history["out_ana"].pk, "Sale", "Sold the plan")
    ]
    assert calls[0]["recordings"] == [
        f"/console/recordings/{history['out_ana'].recordings.get().pk}/"
    ]
    # Cursor pages, newest first.
    monkeypatch.setattr(CursorPagination, "page_size", 2)
    first = _get(api, "/crm/calls/").json()
    assert len(first["results"]) == 2 and first["next"]
    rest = api.get(first["next"]).json()
    assert [c["id"] for c in rest["results"]] == [history["out_ana"].pk]
    # Bad input: 400 naming the filter; another project's campaign is not a choice.
    bad = _get(api, "/crm/calls/", since="yesterday")
    assert bad.status_code == 400
    assert _get(api, "/crm/calls/", campaign=crm.campaign_b.pk).status_code == 400
    assert _get(api, "/crm/actions/", agent="9" * 30).status_code == 400
    # An agent's history holds their own calls only.
    own = _get(crm.api_client(crm.agent), "/crm/calls/").json()["results"]
    assert {c["id"] for c in own} == {history["out_ana"].pk, history["unknown"].pk}


@pytest.mark.covers("crm-actions")
def test_api_actions_in_a_start_date_range_come_by_start(crm: CrmWorld, monkeypatch: Any) -> None:
    """As on the page: newest created first without dates, by start with them, cursor pages."""
    noon_of_the_9th = LATE_ON_THE_9TH - datetime.timedelta(hours=11)
    ticket_for(crm, crm.luis, action_for(crm, "Early", starts_at=noon_of_the_9th), subject="E")
    api = crm.api_client(crm.supervisor)
    assert _get(api, "/crm/actions/").json()["results"][0]["subject"] == "Early"
    monkeypatch.setattr(CursorPagination, "page_size", 2)
    first = _get(api, "/crm/actions/", since="2026-03-09", until="2026-03-10").json()
    assert [a["subject"] for a in first["results"]] == ["Call the bank", "Visit"]
    rest = api.get(first["next"]).json()
    assert [a["subject"] for a in rest["results"]] == ["Early"] and rest["next"] is None


@pytest.mark.covers("exports", "export", "export-file")
@pytest.mark.django_db(transaction=True)  # the task worker closes its connections
def test_downloads_over_the_api(crm: CrmWorld, history: dict[str, Call], committed: Any) -> None:
    api = crm.api_client(crm.supervisor)
    with committed():
        response = api.post(
            f"{API}/exports/", {"source": "crm.history", "format": "csv", "query": "direction=out"}
        )
    assert response.status_code == 202, response.content
    export_id = response.json()["id"]
    assert response.json()["status"] == "queued" and response.json()["total"] == 2
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "a")
    status = api.get(f"{API}/exports/{export_id}/").json()
    assert status["status"] == "done" and status["file_url"] == f"{API}/exports/{export_id}/file/"
    fetched: Any = api.get(status["file_url"])
    body = b"".join(fetched.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(body)))) == 2
    for data in (
        {"source": "nothing", "format": "csv"},
        {"source": "crm.history", "format": "pdf"},
        {"source": "crm.history", "format": "csv", "query": "since=soon"},
        {"source": "crm.history", "format": "csv", "query": "direction=in&agent=999999"},
    ):
        assert api.post(f"{API}/exports/", data).status_code == 400, data
    other = crm.api_client(crm.agent)
    assert other.get(f"{API}/exports/{export_id}/").status_code == 404
    assert other.get(f"{API}/exports/{export_id}/file/").status_code == 404
    assert Export.objects.count() == 1
