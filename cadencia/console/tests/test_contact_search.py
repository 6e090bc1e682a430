"""The contact search (the CRM seed's section 2): last activity and disposition kept by the
console, the filters on them, and a campaign made from the filtered contacts."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from cadencia.campaigns.models import Campaign
from cadencia.console.models import Disposition
from cadencia.console.services.dispositions import (
    DispositionData,
    disposition_revise,
    disposition_submit,
)
from cadencia.console.tests.world import ConsoleWorld
from cadencia.contacts.activity import contact_activity
from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.core.models import ChangeLogEntry
from cadencia.projects.testing import permissions_named

SUPERVISOR = (
    "contacts.view_contact",
    "contacts.view_contactdatabase",
    "contacts.add_contactdatabase",
    "campaigns.add_campaign",
    "campaigns.view_campaign",
)


def _supervisor(world: ConsoleWorld) -> Any:
    assert world.supervisor.role is not None
    world.supervisor.role.permissions.add(*permissions_named(*SUPERVISOR))
    world.supervisor.time_zone = "America/Argentina/Cordoba"
    world.supervisor.save()
    return world.web_client(world.supervisor)


def _listed(client: Any, **params: Any) -> list[int]:
    response = client.get("/contacts/contacts/", params)
    assert response.status_code == 200
    return sorted(c.pk for c in response.context["contacts"])


def test_calls_and_dispositions_keep_the_contacts_last_activity(
    world: ConsoleWorld, committed: Any
) -> None:
    call = world.ended_call(committed, world.luis)
    luis = Contact.objects.get(pk=world.luis.pk)
    assert luis.last_activity_at == call.ended_at and luis.last_disposition == ""
    sale = world.manual.options.get(name="Sale")
    disposition_submit(
        agent=world.agent,
        calls=[call],
        data=DispositionData(option=sale, answers={"product": "A"}),
    )
    luis.refresh_from_db()
    assert luis.last_disposition == "Sale" and luis.last_activity_at >= call.ended_at
    call.refresh_from_db()
    assert call.disposition_name == "Sale"  # the call history's disposition filter
    # An older event does not move the date back.
    newest = luis.last_activity_at
    contact_activity(contact_id=luis.pk, at=newest - datetime.timedelta(days=3))
    luis.refresh_from_db()
    assert luis.last_activity_at == newest
    # Redone (the audit sent it back): the call shows and is found by the new option.
    disposition_revise(
        agent=world.agent,
        disposition=Disposition.objects.get(calls=call),
        data=DispositionData(option=world.manual.options.get(name="No interest")),
    )
    call.refresh_from_db()
    assert call.disposition_name == "No interest"


@pytest.fixture
def marked(world: ConsoleWorld) -> dict[str, Any]:
    """Ana: Acme, "Sale", active late on the 9th (Córdoba); Luis: Acme, "No interest", the
    10th; Ana María: nothing."""
    acme = Company.objects.create(name="Acme")
    acme.projects.set([world.a])
    late_9th = datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)
    Contact.objects.filter(pk=world.ana.pk).update(
        company=acme, last_disposition="Sale", last_activity_at=late_9th
    )
    Contact.objects.filter(pk=world.luis.pk).update(
        company=acme,
        last_disposition="No interest",
        last_activity_at=late_9th + datetime.timedelta(hours=12),
    )
    return {"acme": acme}


@pytest.mark.covers("contacts:contact_list")
def test_contact_search_filters(world: ConsoleWorld, marked: dict[str, Any]) -> None:
    client = _supervisor(world)
    ana, luis, ana_too = world.ana.pk, world.luis.pk, world.ana_too.pk
    assert _listed(client) == [ana, ana_too, luis]
    assert _listed(client, company=marked["acme"].pk) == [ana, luis]
    assert _listed(client, disposition="Sale") == [ana]
    assert _listed(client, company=marked["acme"].pk, disposition="No interest") == [luis]
    assert _listed(client, active_since="2026-03-10") == [luis]
    assert _listed(client, active_until="2026-03-09") == [ana]
    assert _listed(client, q="María") == [ana_too]
    # One box finds a name, an external ID or a phone typed any way.
    assert _listed(client, q="C-1") == [ana]
    assert _listed(client, q="0351 15-621-9390") == [luis]
    assert _listed(client, q="+54 9 351 621 9390") == [luis]
    assert _listed(client, q="nobody at all") == []
    assert _listed(client, external_id="C-1") == [ana]
    assert _listed(client, phone="+54 9 351 621 9390") == [luis]
    page = client.get("/contacts/contacts/").content.decode()
    assert "No interest" in page and "Acme" in page
    # An option name that no campaign has is refused, not ignored.
    response = client.get("/contacts/contacts/", {"disposition": "Nonsense"})
    assert response.context["filter"].errors


@pytest.mark.covers("campaigns:campaign_from_contacts")
def test_a_preview_campaign_from_the_filtered_contacts(
    world: ConsoleWorld, marked: dict[str, Any]
) -> None:
    client = _supervisor(world)
    query = f"company={marked['acme'].pk}&disposition=Sale"
    page = client.get(f"/campaigns/campaigns/from-contacts/?{query}")
    assert page.status_code == 200 and page.context["total"] == 1
    before = set(ContactDatabase.objects.values_list("pk", flat=True))
    response = client.post(
        f"/campaigns/campaigns/from-contacts/?{query}",
        {"target": "preview", "name": "Win back", "project": world.a.pk},
    )
    assert response.status_code == 302
    (database,) = ContactDatabase.objects.exclude(pk__in=before)
    assert list(database.projects.all()) == [world.a]
    copied = list(database.contacts.all())
    assert [(c.fields, c.phones, c.external_id, c.company_id) for c in copied] == [
        (world.ana.fields, world.ana.phones, "C-1", marked["acme"].pk)
    ]
    assert world.database is not None
    assert [c["name"] for c in database.columns] == [c["name"] for c in world.database.columns]
    entry = ChangeLogEntry.objects.filter(object_pk=str(database.pk)).latest("pk")
    assert entry.additional_data or entry.changes
    # The wizard opens prefilled with the new database.
    target = urlparse(response["Location"])
    assert target.path == "/campaigns/campaigns/add/"
    wanted = parse_qs(target.query)
    assert wanted["type"] == ["preview"] and wanted["contact_database"] == [str(database.pk)]
    wizard = client.get(response["Location"])
    form = wizard.context["form"]
    assert form.initial["contact_database"] == str(database.pk)
    assert form.initial["name"] == "Win back" and form.instance.type == "preview"
    assert not Campaign.objects.filter(name="Win back").exists()  # until the wizard saves it


def test_bad_requests_make_nothing(world: ConsoleWorld, marked: dict[str, Any]) -> None:
    client = _supervisor(world)
    count = ContactDatabase.objects.count()
    url = "/campaigns/campaigns/from-contacts/"
    # Another project's id, nothing matching, no name, a wrong filter: errors, nothing made.
    for query, data in (
        ("", {"target": "preview", "name": "X", "project": world.b.pk}),
        ("disposition=Sale&q=nobody", {"target": "preview", "name": "X", "project": world.a.pk}),
        ("", {"target": "preview", "name": "", "project": world.a.pk}),
        ("active_since=soon", {"target": "preview", "name": "X", "project": world.a.pk}),
        ("", {"target": "inbound", "name": "X", "project": world.a.pk}),
    ):
        response = client.post(f"{url}?{query}", data)
        assert response.status_code == 400, query
    assert ContactDatabase.objects.count() == count
    # Only a database: exactly the filtered contacts, nothing of another project.
    assert world.campaign_b.contact_database is not None
    Contact.objects.create(
        database=world.campaign_b.contact_database, phones=["+5493516219999"], fields={}
    )
    response = client.post(url, {"target": "database", "name": "All", "project": world.a.pk})
    database = ContactDatabase.objects.latest("pk")
    assert response["Location"] == f"/contacts/databases/{database.pk}/"
    assert database.contacts.count() == 3
    assert timezone.now() - database.created_at < datetime.timedelta(minutes=1)


def test_pages_run_newest_first_across_the_users_databases(
    world: ConsoleWorld, monkeypatch: Any
) -> None:
    """Pages newest first across every database the user sees, and of one when chosen."""
    from cadencia.contacts import contact_views

    client = _supervisor(world)
    other = ContactDatabase.objects.create(name="Second list")
    other.projects.set([world.a])
    newer = [
        Contact.objects.create(database=other, phones=[f"+54935162190{i}"], fields={})
        for i in range(2)
    ]
    monkeypatch.setattr(contact_views, "PAGE_SIZE", 2)
    first = client.get("/contacts/contacts/")
    assert [c.pk for c in first.context["contacts"]] == [newer[1].pk, newer[0].pk]
    after = first.context["next_after"]
    second = client.get("/contacts/contacts/", {"after": after})
    assert [c.pk for c in second.context["contacts"]] == [world.luis.pk, world.ana_too.pk]
    third = client.get("/contacts/contacts/", {"after": second.context["next_after"]})
    assert [c.pk for c in third.context["contacts"]] == [world.ana.pk]
    assert third.context["next_after"] is None
    filtered = client.get("/contacts/contacts/", {"database": other.pk})
    assert {c.pk for c in filtered.context["contacts"]} == {c.pk for c in newer}
