"""The audit's pages: queue (filters, counts, keyset pages, constant queries), item, decision,
claims, recordings, exports, redo, My dispositions, scorecard and numbers."""

import csv
import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cadencia.audits.models import AuditExport, AuditItem
from cadencia.audits.services import CriterionData, DecisionData, item_decide, scorecard_save
from cadencia.audits.tests.world import AuditWorld
from cadencia.console.models import Recording
from cadencia.contacts.models import Contact

pytestmark = pytest.mark.covers(
    "audits:queue",
    "audits:item",
    "audits:claim",
    "audits:recording",
    "audits:export_start",
    "audits:export",
    "audits:export_file",
    "audits:redo",
    "audits:scorecard",
    "audits:scorecard_part",
    "audits:numbers",
    "console:my_dispositions",
)


def _queue(client: Any, **params: Any) -> Any:
    return client.get(reverse("audits:queue"), params)


def _ids(response: Any) -> list[int]:
    return [item.pk for item in response.context["page"].rows]


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _run_tasks() -> None:
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "au")


def _observe(world: AuditWorld, item: AuditItem, note: str) -> None:
    item.refresh_from_db()
    item_decide(
        auditor=world.auditor,
        item=item,
        data=DecisionData(decision="observe", version=item.version, note=note),
    )
    item.refresh_from_db()


def test_queue_lists_the_waiting_items_of_the_auditors_projects(
    world: AuditWorld, committed: Any
) -> None:
    ana, luis = world.item(committed, world.ana), world.item(committed, world.luis)
    world.managed(committed, world.ana_too, option="No interest")
    client = world.web_client(world.auditor)
    response = _queue(client)
    assert response.status_code == 200
    assert _ids(response) == [luis.pk, ana.pk]
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts == {
        "pending": "2",
        "approved": "0",
        "rejected": "0",
        "observed": "0",
        "resubmitted": "0",
    }
    assert "Audit queue" in response.text
    assert _queue(world.web_client(world.auditor_b)).context["page"].rows == []
    assert _queue(world.web_client(world.agent)).status_code == 403


def test_queue_filters(world: AuditWorld, committed: Any) -> None:
    ana, luis = world.item(committed, world.ana), world.item(committed, world.luis)
    _observe(world, luis, "Check")
    client = world.web_client(world.auditor)
    assert _ids(_queue(client, status="observed")) == [luis.pk]
    assert _ids(_queue(client, status="")) == [luis.pk, ana.pk]
    assert _ids(_queue(client, status="", auditor=world.auditor.pk)) == [luis.pk]
    assert _ids(_queue(client, status="", external_id="C-1")) == [ana.pk]
    assert _ids(_queue(client, status="", phone="0351 15-621-9390")) == [luis.pk]
    assert _ids(_queue(client, status="", agent=world.agent.pk, campaign=world.manual.pk)) == [
        luis.pk,
        ana.pk,
    ]
    today = timezone.localdate()
    assert _ids(_queue(client, status="", since=today, until=today)) == [luis.pk, ana.pk]
    assert _ids(_queue(client, status="", until=today - timedelta(days=1))) == []
    assert _ids(_queue(client, status="", sort="managed_at")) == [ana.pk, luis.pk]
    # Filters no contact matches: an empty page and zero counts, not an error.
    for nothing in ({"phone": "-script.pyw"}, {"external_id": "nobody"}, {"phone": "x" * 40}):
        empty = _queue(client, status="", **nothing)
        assert empty.status_code == 200 and _ids(empty) == []
        assert {n for _value, _label, n in empty.context["counts"]} == {"0"}
    bad = _queue(client, status="", since=today, until=today - timedelta(days=2))
    assert "The end comes before the start." in bad.text
    # Another project's campaign is not a choice: the filter is refused, not applied.
    other = _queue(client, status="", campaign=world.campaign_b.pk)
    assert "Select a valid choice" in other.text


def test_queue_pages_by_cursor_with_a_fixed_number_of_queries(
    world: AuditWorld, committed: Any
) -> None:
    first = world.item(committed)
    now = timezone.now()
    for n in range(60):
        contact = Contact.objects.create(
            database=world.database, phones=[f"+54935100{n:05d}"], fields={"nombre": f"C{n}"}
        )
        item = AuditItem.objects.get(pk=first.pk)
        item.pk = None
        disposition = item.disposition
        disposition.pk, disposition.contact = None, contact
        disposition.is_current = True
        disposition.save()
        AuditItem.objects.create(
            project=world.a,
            disposition=disposition,
            campaign=world.manual,
            agent=world.agent,
            contact=contact,
            managed_at=now - timedelta(minutes=n),
            updated_at=now,
        )
    client = world.web_client(world.auditor)
    seen: list[int] = []
    response = _queue(client, size=25)
    while True:
        seen += _ids(response)
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
        response = _queue(client, size=25, after=cursor)
    assert len(seen) == 61 == len(set(seen))
    assert _ids(_queue(client, after="not-a-cursor", size=25))[:1] == seen[:1]

    def queries(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _queue(client, size=size).status_code == 200
        return len(captured)

    assert queries(25) == queries(200)


def test_item_page_shows_the_story_and_saves_a_decision(world: AuditWorld, committed: Any) -> None:
    item = world.item(committed)
    client = world.web_client(world.auditor)
    url = reverse("audits:item", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    for text in ("Product", "Amount", "12", "C-1", "Ana", "Entered the audit", "Decision"):
        assert text in page.text
    assert reverse("audits:recording", args=[item.pk, Recording.objects.get().pk]) in page.text
    refused = client.post(url, {"decision": "observe", "note": "", "version": item.version})
    assert refused.status_code == 400 and "Write a note" in refused.text
    done = client.post(url, {"decision": "observe", "note": "Ask the amount", "version": 1})
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.note) == ("observed", "Ask the amount")
    late = world.web_client(world.auditor_2).post(url, {"decision": "approve", "version": 1})
    assert late.status_code == 400 and "nothing was overwritten" in late.text
    assert world.web_client(world.auditor_b).get(url).status_code == 404


def test_claims_on_the_item_page(world: AuditWorld, committed: Any) -> None:
    item = world.item(committed)
    claim = reverse("audits:claim", args=[item.pk])
    world.web_client(world.auditor).post(claim)
    page = world.web_client(world.auditor_2).get(reverse("audits:item", args=[item.pk]))
    assert "auditor is working on this item until" in page.text
    assert world.web_client(world.auditor_2).post(claim).status_code == 302
    item.refresh_from_db()
    assert item.claimed_by == world.auditor
    skipped = _queue(world.web_client(world.auditor_2), unclaimed="on", status="waiting")
    assert _ids(skipped) == []
    world.web_client(world.auditor).post(claim, {"release": "1"})
    item.refresh_from_db()
    assert item.claimed_by is None


def test_recordings_are_served_for_the_items_calls_only(
    world: AuditWorld, committed: Any, settings: Any
) -> None:
    item, other = world.item(committed, world.ana), world.item(committed, world.luis)
    Recording.objects.all().delete()  # the simulator's; these tests name their own files
    storage_file = settings.MEDIA_ROOT / "rec.wav"
    storage_file.parent.mkdir(parents=True, exist_ok=True)
    storage_file.write_bytes(b"RIFF....WAVE")
    mine = Recording.objects.create(call=item.disposition.calls.get(), file="rec.wav", seconds=1)
    theirs = Recording.objects.create(call=other.disposition.calls.get(), file="rec.wav", seconds=1)
    client = world.web_client(world.auditor)
    played = client.get(reverse("audits:recording", args=[item.pk, mine.pk]))
    assert played.status_code == 200 and _body(played) == b"RIFF....WAVE"
    saved = client.get(reverse("audits:recording", args=[item.pk, mine.pk]), {"download": "1"})
    assert saved["Content-Disposition"].startswith('attachment; filename="C-1_agent_')
    assert client.get(reverse("audits:recording", args=[item.pk, theirs.pk])).status_code == 404
    outsider = world.web_client(world.auditor_b)
    assert outsider.get(reverse("audits:recording", args=[item.pk, mine.pk])).status_code == 404


def test_csv_export_of_selected_rows_is_complete_and_formula_safe(
    world: AuditWorld, committed: Any
) -> None:
    world.ana.fields["nombre"] = "=HYPERLINK(1)"
    world.ana.save()
    item = world.item(committed, world.ana)
    world.item(committed, world.luis)
    _observe(world, item, "+1 note")
    response = world.web_client(world.auditor).post(
        reverse("audits:export_start"), {"export": "csv:selected", "items": [item.pk]}
    )
    assert response.status_code == 200
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["item"] == str(item.pk) and row["status"] == "Observed"
    assert row["campaign"] == "Sales" and row["agent"] == "agent"
    assert row["disposition"] == "Sale" and row["contact_external_id"] == "C-1"
    assert row["phone_1"] == "'+5493516219387"
    assert row["contact.nombre"] == "'=HYPERLINK(1)"
    assert (row["answer.Product"], row["answer.Amount"]) == ("A", "12")
    assert (row["auditor"], row["audit_note"]) == ("auditor", "'+1 note")
    assert row["decided_at"] and row["managed_at"]


def test_nothing_chosen_exports_nothing(world: AuditWorld, committed: Any) -> None:
    client = world.web_client(world.auditor)
    for items in ([], ["x", "-1", "9" * 30]):
        response = client.post(
            reverse("audits:export_start"), {"export": "csv:selected", "items": items}
        )
        assert response.status_code == 302
    assert not AuditExport.objects.exists()


@pytest.mark.django_db(transaction=True)  # the task worker closes its connections
def test_large_csv_and_recordings_zip_are_built_in_the_background(
    world: AuditWorld, committed: Any, settings: Any
) -> None:
    settings.AUDIT_EXPORT_DIRECT_ROWS = 1
    ana, luis = world.item(committed, world.ana), world.item(committed, world.luis)
    Recording.objects.all().delete()  # the simulator's; these tests name their own files
    folder = settings.MEDIA_ROOT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.wav").write_bytes(b"A-audio")
    Recording.objects.create(call=ana.disposition.calls.get(), file="a.wav", seconds=1)
    client = world.web_client(world.auditor)
    with committed():
        started = client.post(
            reverse("audits:export_start"),
            {"export": "csv:all", "query": f"status=pending&campaign={world.manual.pk}"},
        )
    export = AuditExport.objects.get()
    assert started["Location"] == reverse("audits:export", args=[export.pk])
    assert (export.total, export.status) == (2, "queued")
    assert "Queued" in client.get(started["Location"]).text
    _run_tasks()
    export.refresh_from_db()
    assert export.status == "done" and export.done == 2
    assert "Download" in client.get(started["Location"], {"part": "progress"}).text
    data = _body(client.get(reverse("audits:export_file", args=[export.pk])))
    assert len(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))) == 2
    # Nobody else downloads it, not even an auditor of the same project.
    other = world.web_client(world.auditor_2)
    assert other.get(reverse("audits:export_file", args=[export.pk])).status_code == 404
    with committed():
        zipped = client.post(
            reverse("audits:export_start"), {"export": "zip:selected", "items": [ana.pk, luis.pk]}
        )
    _run_tasks()
    export = AuditExport.objects.get(kind="zip")
    assert (
        zipped["Location"] == reverse("audits:export", args=[export.pk]) and export.status == "done"
    )
    data = _body(client.get(reverse("audits:export_file", args=[export.pk])))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (name,) = archive.namelist()
        assert name.startswith("C-1_agent_") and name.endswith(".wav")
        assert archive.read(name) == b"A-audio"


def test_my_dispositions_shows_the_observation_and_the_redo_page_sends_it_back(
    world: AuditWorld, committed: Any
) -> None:
    item = world.item(committed)
    _observe(world, item, "Ask for the amount")
    agent = world.web_client(world.agent)
    mine = agent.get(reverse("console:my_dispositions"))
    assert "Audit: Observed" in mine.text and "Ask for the amount" in mine.text
    assert "data-attention" in mine.text
    assert "Product: A · Amount: 12" in mine.text
    redo_url = reverse("audits:redo", args=[item.pk])
    assert redo_url in mine.text
    page = agent.get(redo_url)
    assert page.status_code == 200 and "Ask for the amount" in page.text
    sale = world.option("Sale")
    refused = agent.post(
        redo_url, {"option": sale.pk, f"o{sale.pk}-product": "Z", "version": item.version}
    )
    assert refused.status_code == 400 and "is not one of the choices" in refused.text
    sent = agent.post(
        redo_url,
        {
            "option": sale.pk,
            f"o{sale.pk}-product": "B",
            f"o{sale.pk}-amount": "7",
            "notes": "Asked",
            "version": item.version,
        },
    )
    assert sent.status_code == 302
    item.refresh_from_db()
    assert item.status == "resubmitted" and item.disposition.answers == {
        "product": "B",
        "amount": 7,
    }
    after = agent.get(reverse("console:my_dispositions"))
    assert "Audit: Resubmitted" in after.text and after.context["page_obj"].paginator.count == 1
    assert world.web_client(world.agent_b).get(redo_url).status_code == 404
    assert world.web_client(world.auditor).get(redo_url).status_code == 403


def test_scorecard_editor_and_the_campaign_page_part(world: AuditWorld) -> None:
    manager = world.add_user(
        "manager",
        world.a,
        __import__("cadencia.projects.testing", fromlist=["x"]).permissions_named(
            "campaigns.view_campaign", "campaigns.change_campaign"
        ),
    )
    client = world.web_client(manager)
    url = reverse("audits:scorecard", args=[world.manual.pk])
    assert client.get(url).status_code == 200
    form = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-label": "Greets",
        "form-0-weight": "2",
        "form-1-label": "Legal text",
        "form-1-weight": "1",
        "form-1-critical": "on",
    }
    assert client.post(url, form).status_code == 302
    assert [(c.label, c.weight, c.critical) for c in world.manual.scorecard_criteria.all()] == [
        ("Greets", 2, False),
        ("Legal text", 1, True),
    ]
    bad = client.post(url, {**form, "form-0-weight": "500"})
    assert bad.status_code == 400
    part = client.get(reverse("audits:scorecard_part", args=[world.manual.pk]))
    assert "Legal text" in part.text and "critical" in part.text
    assert world.web_client(world.auditor).get(url).status_code == 403
    other = world.web_client(world.auditor_b)
    assert other.get(reverse("audits:scorecard_part", args=[world.manual.pk])).status_code == 404


def test_decision_with_scorecard_on_the_page_and_numbers(world: AuditWorld, committed: Any) -> None:
    (greet,) = scorecard_save(campaign=world.manual, criteria=[CriterionData("Greets", 1)])
    item = world.item(committed)
    client = world.web_client(world.auditor)
    url = reverse("audits:item", args=[item.pk])
    assert "Greets (1)" in client.get(url).text
    missing = client.post(url, {"decision": "approve", "version": 1})
    assert "Check every criterion" in missing.text
    client.post(url, {"decision": "approve", "version": 1, f"c{greet.pk}": "pass"})
    item.refresh_from_db()
    assert item.status == "approved" and item.score == 100
    numbers = client.get(reverse("audits:numbers"))
    assert numbers.status_code == 200
    per_agent = numbers.context["numbers"].per_agent
    assert per_agent[0]["name"] == world.agent.get_full_name() and per_agent[0]["approved"] == 1
    assert per_agent[0]["rate"] == 100.0 and per_agent[0]["score"] == 100
    assert numbers.context["numbers"].per_auditor[0]["total"] == 1
    assert "100.0 %" in numbers.text
