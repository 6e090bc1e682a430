"""Downloads of the searches (``core.exports``): CSV and XLSX contents, formula safety, the
background path for large ones, and who may fetch them."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cadencia.console.models import Call
from cadencia.core.models import Export
from cadencia.crm.models import TicketAction
from cadencia.crm.tests.world import CrmWorld

EVIL = '=HYPERLINK("http://evil.example","x")'


def _start(client: Any, source: str, fmt: str, query: str = "") -> Any:
    return client.post(
        "/exports/new/", {"source": source, "format": fmt, "query": query, "next": "/crm/actions/"}
    )


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))


def _xlsx(response: Any) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(_body(response)), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.mark.covers("core:export_start")
def test_each_search_downloads_what_it_shows_as_csv_and_xlsx(
    crm: CrmWorld,
    history: dict[str, Call],
) -> None:
    client = crm.web_client(crm.supervisor)
    TicketAction.objects.filter(subject="Visit").update(subject=EVIL)
    actions = _csv(_start(client, "crm.actions", "csv", "status=pending"))
    assert sorted(a["subject"] for a in actions) == ["'" + EVIL, "Urgent"]
    assert {a["status"] for a in actions} == {"Pending"}
    # In a workbook the text stays as it was, typed as text: shown, never run.
    rows = _xlsx(_start(client, "crm.actions", "xlsx", "status=pending"))
    assert rows[0][:4] == ["action", "ticket", "type", "subject"]
    assert sorted(r[3] for r in rows[1:]) == [EVIL, "Urgent"]
    response = _start(client, "crm.actions", "xlsx", "status=pending")
    book = load_workbook(io.BytesIO(_body(response)))
    cells = [row[3] for row in book.active.iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"}
    tickets = _csv(_start(client, "crm.tickets", "csv", f"contact={crm.ana.pk}"))
    assert [(t["subject"], t["pending_actions"], t["actions"]) for t in tickets] == [
        ("Line down", "1", "2")
    ]
    calls = _csv(_start(client, "crm.history", "csv", "direction=out"))
    by_id = {int(c["call"]): c for c in calls}
    ana = by_id[history["out_ana"].pk]
    assert (ana["disposition"], ana["comment"], ana["recorded"]) == (
        "Sale",
        "Sold the plan",
        "True",
    )
    assert ana["time"].startswith("2026-03-09 23:00")  # the requester's time zone
    assert set(by_id) == {history["out_ana"].pk, history["unknown"].pk}
    sheet = _xlsx(_start(client, "crm.history", "xlsx", "direction=in"))
    assert [r[5] for r in sheet[1:]] == ["+5493516219390"]  # text, not a formula


def test_bad_downloads_are_refused_and_write_nothing(crm: CrmWorld) -> None:
    client = crm.web_client(crm.supervisor)
    assert _start(client, "nothing", "csv").status_code == 404
    wrong = _start(client, "crm.actions", "pdf")
    assert wrong.status_code == 302 and wrong["Location"] == "/crm/actions/"
    bad_filter = _start(client, "crm.actions", "csv", "since=yesterday")
    assert bad_filter.status_code == 302
    assert _start(client, "crm.actions", "csv", "x=" + "y" * 5000).status_code == 302
    other_project = _start(client, "crm.history", "csv", f"campaign={crm.campaign_b.pk}")
    assert other_project.status_code == 302  # an unknown choice, not another project's rows
    nobody = crm.add_user("nobody", crm.a)
    assert _start(crm.web_client(nobody), "crm.actions", "csv").status_code == 403
    assert not Export.objects.exists()


def _run_tasks() -> None:
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "x")


@pytest.mark.covers("core:export", "core:export_file")
@pytest.mark.django_db(transaction=True)  # the task worker closes its connections
def test_a_large_download_is_built_in_the_background_for_its_requester(
    crm: CrmWorld,
    history: dict[str, Call],
    settings: Any,
    committed: Any,
) -> None:
    settings.EXPORT_DIRECT_ROWS = 1
    client = crm.web_client(crm.supervisor)
    with committed():
        started = _start(client, "crm.history", "xlsx", "direction=out")
    export = Export.objects.get()
    assert started["Location"] == f"/exports/{export.pk}/"
    assert (export.total, export.status, export.scope_projects) == (2, "queued", [crm.a.pk])
    assert "Queued" in client.get(started["Location"]).text
    with committed():
        nothing = _start(client, "crm.history", "csv", "direction=in&agent=" + str(crm.agent.pk))
    assert nothing.status_code == 302 and Export.objects.count() == 1  # nothing matches
    _run_tasks()
    export.refresh_from_db()
    assert export.status == "done" and export.done == 2
    assert "Download" in client.get(started["Location"], {"part": "progress"}).text
    rows = _xlsx(client.get(f"/exports/{export.pk}/file/"))
    assert sorted(r[0] for r in rows[1:]) == sorted([history["out_ana"].pk, history["unknown"].pk])
    # Nobody else fetches it, not even a supervisor of the same project.
    other = crm.add_user("other", crm.a, crm.supervisor.role.permissions.all())  # type: ignore[union-attr]
    assert crm.web_client(other).get(f"/exports/{export.pk}/file/").status_code == 404
    assert crm.web_client(other).get(f"/exports/{export.pk}/").status_code == 404
