"""The audit's API: queue with filters and cursor, story, decisions (409 on conflict), claims,
scorecards, exports; as auditors of each project."""

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from cadencia.audits.models import AuditExport
from cadencia.audits.tests.world import AuditWorld
from cadencia.projects.testing import permissions_named

pytestmark = pytest.mark.covers(
    "audit-items",
    "audit-item",
    "audit-decision",
    "audit-claim",
    "audit-recording",
    "audit-scorecard",
    "audit-exports",
    "audit-export",
    "audit-export-file",
)


def test_queue_detail_and_decisions(world: AuditWorld, committed: Any) -> None:
    ana, luis = world.item(committed, world.ana), world.item(committed, world.luis)
    api = world.api_client(world.auditor)
    page = api.get(reverse("audit-items"), {"size": 25}).json()
    assert [r["id"] for r in page["results"]] == [luis.pk, ana.pk]
    assert page["counts"]["pending"] == 2 and page["next"] == ""
    assert page["results"][0]["option"] == "Sale"
    only = api.get(reverse("audit-items"), {"external_id": "C-1", "status": ""}).json()
    assert [r["id"] for r in only["results"]] == [ana.pk]
    bad = api.get(reverse("audit-items"), {"campaign": world.campaign_b.pk})
    assert bad.status_code == 400 and "campaign" in bad.json()
    assert api.get(reverse("audit-items"), {"since": "yesterday"}).status_code == 400
    none = api.get(reverse("audit-items"), {"phone": "-script.pyw", "status": ""}).json()
    assert none["results"] == [] and set(none["counts"].values()) == {0}

    story = api.get(reverse("audit-item", args=[ana.pk])).json()
    assert {"field": "Product", "value": "A"} in story["answers"]
    assert story["history"][0]["kind"] == "opened" and story["calls"][0]["recordings"]
    recording = story["calls"][0]["recordings"][0]["url"]
    assert api.get(recording).status_code == 200

    decide = reverse("audit-decision", args=[ana.pk])
    refused = api.post(
        decide, {"decision": "reject", "version": 1}, content_type="application/json"
    )
    assert refused.status_code == 400 and "note" in refused.json()
    done = api.post(
        decide,
        {"decision": "reject", "version": 1, "note": "Wrong plan"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    late = world.api_client(world.auditor_2).post(
        decide, {"decision": "approve", "version": 1}, content_type="application/json"
    )
    assert late.status_code == 409 and "auditor changed this item" in late.json()["detail"]
    assert (
        world.api_client(world.auditor_b).get(reverse("audit-item", args=[ana.pk])).status_code
        == 404
    )
    assert world.api_client(world.agent).get(reverse("audit-items")).status_code == 403


def test_claims_over_the_api(world: AuditWorld, committed: Any) -> None:
    item = world.item(committed)
    url = reverse("audit-claim", args=[item.pk])
    held = world.api_client(world.auditor).post(url, {}, content_type="application/json")
    assert held.json()["claimed_by"] == world.auditor.pk
    other = world.api_client(world.auditor_2).post(url, {}, content_type="application/json")
    assert other.status_code == 400
    world.api_client(world.auditor).post(url, {"release": True}, content_type="application/json")
    again = world.api_client(world.auditor_2).post(url, {}, content_type="application/json")
    assert again.json()["claimed_by"] == world.auditor_2.pk


def test_scorecard_over_the_api(world: AuditWorld, committed: Any) -> None:
    editor = world.add_user(
        "editor", world.a, permissions_named("campaigns.view_campaign", "campaigns.change_campaign")
    )
    url = reverse("audit-scorecard", args=[world.manual.pk])
    body = {"criteria": [{"label": "Greets", "weight": 2}, {"label": "Legal", "critical": True}]}
    saved = world.api_client(editor).put(url, body, content_type="application/json")
    assert saved.status_code == 200
    criteria = saved.json()["criteria"]
    assert [(c["label"], c["weight"], c["critical"]) for c in criteria] == [
        ("Greets", 2, False),
        ("Legal", 1, True),
    ]
    auditor = world.api_client(world.auditor)
    assert auditor.put(url, body, content_type="application/json").status_code == 403
    assert auditor.get(url).json()["criteria"][0]["label"] == "Greets"
    item = world.item(committed)
    scorecard = [{"criterion": c["id"], "passed": True} for c in criteria]
    decided = auditor.post(
        reverse("audit-decision", args=[item.pk]),
        {"decision": "approve", "version": 1, "scorecard": scorecard},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["score"] == "100.00"
    huge = {"criteria": [{"label": "x" * 201}]}
    assert (
        world.api_client(editor).put(url, huge, content_type="application/json").status_code == 400
    )
    outsider = world.api_client(world.auditor_b)
    assert outsider.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)  # the task worker closes its connections
def test_exports_over_the_api(world: AuditWorld, committed: Any) -> None:
    ana = world.item(committed, world.ana)
    world.item(committed, world.luis)
    api = world.api_client(world.auditor)
    nothing = api.post(reverse("audit-exports"), {"kind": "csv"}, content_type="application/json")
    assert nothing.status_code == 400
    bad = api.post(
        reverse("audit-exports"),
        {"kind": "csv", "everything": True, "filters": {"campaign": str(world.campaign_b.pk)}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    asked = api.post(
        reverse("audit-exports"),
        {"kind": "csv", "everything": True, "filters": {"status": "pending"}},
        content_type="application/json",
    )
    assert asked.status_code == 202 and asked.json()["total"] == 2
    chosen = api.post(
        reverse("audit-exports"),
        {"kind": "zip", "items": [ana.pk]},
        content_type="application/json",
    )
    assert chosen.json()["total"] == 1
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "ap")
    status = api.get(reverse("audit-export", args=[asked.json()["id"]])).json()
    assert status["status"] == "done" and status["download"]
    data = b"".join(api.get(status["download"]).streaming_content)  # type: ignore[attr-defined]
    assert data.decode("utf-8-sig").count("\n") == 3
    assert AuditExport.objects.get(kind="zip").status == "done"
    other = world.api_client(world.auditor_2)
    assert other.get(reverse("audit-export", args=[asked.json()["id"]])).status_code == 404
