"""External sites (URL templates checked on save, token write-only) and external systems
(token shown once, agents mapped to users of the system's project)."""

from typing import Any

import pytest
from django.urls import reverse

from cadencia.campaigns.integrations import token_hash
from cadencia.campaigns.models import ExternalSite, ExternalSystem
from cadencia.campaigns.tests.factories import CampaignFactory, ExternalSiteFactory
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.projects.testing import TwoProjects, permissions_named

LABELS = [
    *[
        f"campaigns.{a}_{m}"
        for a in ("view", "add", "change", "delete")
        for m in ("externalsite", "externalsystem", "campaign")
    ],
    "contacts.view_contactdatabase",
]


@pytest.fixture
def world(db: None) -> Any:
    world: Any = TwoProjects()
    world.manager = world.add_user("manager", world.a, permissions_named(*LABELS))
    world.agent = world.add_user("ana", world.a)
    world.outsider = world.add_user("bea", world.b)
    return world


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://crm.example.com/{customer.id}", "Unknown placeholder {customer.id}"),
        ("https://crm.example.com/{call.duration}", "call has direction, id, number, started_at"),
        ("https://crm.example.com/{agent}", "Unknown placeholder {agent}"),
        ("https://crm.example.com/{contact.<script>}", "Unknown placeholder"),
        ("ftp://crm.example.com/", "must start with https:// or http://"),
        ("javascript:alert(1)", "must start with https:// or http://"),
    ],
)
def test_url_templates_are_checked_on_save(world: Any, url: str, message: str) -> None:
    api = world.api_client(world.manager)
    response = api.post(
        reverse("externalsite-list"),
        {"name": "CRM", "url_template": url, "project": world.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and message in str(response.json()["url_template"])
    assert not ExternalSite.objects.exists()


def test_the_auth_token_is_write_only_and_kept_when_left_empty(world: Any) -> None:
    api = world.api_client(world.manager)
    response = api.post(
        reverse("externalsite-list"),
        {
            "name": "CRM",
            "url_template": "https://crm.example.com/{contact.dni}",
            "auth_token": "s3cret",
            "project": world.a.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert "auth_token" not in body and body["has_auth_token"] is True
    site = ExternalSite.objects.get()
    client = world.web_client(world.manager)
    edit = reverse("campaigns:site_edit", args=[site.pk])
    assert "s3cret" not in client.get(edit).content.decode()
    data = {
        "name": "CRM 2",
        "url_template": site.url_template,
        "method": "GET",
        "target": "embedded",
        "auth_token": "",
        "project": world.a.pk,
    }
    assert client.post(edit, data).status_code == 302
    site.refresh_from_db()
    assert site.auth_token == "s3cret" and site.name == "CRM 2"


@pytest.mark.covers("campaigns:system_token_reset", "externalsystem-reset-token")
def test_the_systems_token_is_shown_once_and_only_its_hash_kept(world: Any) -> None:
    api = world.api_client(world.manager)
    response = api.post(
        reverse("externalsystem-list"),
        {"name": "ERP", "agent_map": {"A-17": world.agent.pk}, "project": world.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    token = response.json()["token"]
    system = ExternalSystem.objects.get()
    assert (
        len(token) >= 40
        and system.token_hash == token_hash(token)
        and token not in str(system.__dict__)
    )
    assert api.get(reverse("externalsystem-detail", args=[system.pk])).json()["token"] is None
    response = api.post(reverse("externalsystem-reset-token", args=[system.pk]))
    new = response.json()["token"]
    system.refresh_from_db()
    assert new != token and system.token_hash == token_hash(new)
    page = (
        world.web_client(world.manager)
        .post(reverse("campaigns:system_token_reset", args=[system.pk]), follow=True)
        .content.decode()
    )
    system.refresh_from_db()
    assert "shown only now" in page and system.token_prefix in page


def test_agents_map_to_users_of_the_systems_project(world: Any) -> None:
    api = world.api_client(world.manager)
    for agent_map, message in (
        ({"B-1": world.outsider.pk}, "is not in the system"),
        ({"X": "ana"}, "is not in the system"),
        ({"A": world.agent.pk, "B": world.agent.pk}, "mapped twice"),
        ([1, 2], "Expected an object"),
        ({"": world.agent.pk}, "1 to 100 characters"),
    ):
        response = api.post(
            reverse("externalsystem-list"),
            {"name": "ERP", "agent_map": agent_map, "project": world.a.pk},
            content_type="application/json",
        )
        assert response.status_code == 400 and message in str(response.json()), agent_map
    assert not ExternalSystem.objects.exists()
    client = world.web_client(world.manager)
    response = client.post(
        reverse("campaigns:system_add"),
        {"name": "ERP", "agent_lines": "A-17 = ana\nB-1 = bea", "project": world.a.pk},
    )
    assert (
        response.status_code == 400
        and "“B-1”: user bea is not in the system" in response.content.decode()
    )
    response = client.post(
        reverse("campaigns:system_add"),
        {"name": "ERP", "agent_lines": "A-17 ana", "project": world.a.pk},
    )
    assert response.status_code == 400 and "Line 1" in response.content.decode()
    response = client.post(
        reverse("campaigns:system_add"),
        {"name": "ERP", "agent_lines": "A-17 = ana", "project": world.a.pk},
        follow=True,
    )
    assert ExternalSystem.objects.get().agent_map == {"A-17": world.agent.pk}
    assert "shown only now" in response.content.decode()


def test_a_campaign_opening_a_site_needs_one_of_its_project_with_known_columns(world: Any) -> None:
    database = ContactDatabaseFactory.create(
        projects=[world.a], columns=[{"name": "nombre", "type": "text"}]
    )
    site_b = ExternalSiteFactory.create(project=world.b)
    api = world.api_client(world.manager)
    url = reverse("campaign-list")
    base = {"name": "C", "type": "manual", "project": world.a.pk, "contact_database": database.pk}
    response = api.post(url, {**base, "interaction": "external"}, content_type="application/json")
    assert response.status_code == 400 and "choose one" in str(response.json()["external_site"])
    response = api.post(
        url,
        {**base, "interaction": "both", "external_site": site_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "external_site" in response.json()
    site = ExternalSiteFactory.create(
        project=world.a, url_template="https://crm.example.com/{contact.dni}"
    )
    response = api.post(
        url,
        {**base, "interaction": "both", "external_site": site.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "{contact.dni}" in str(response.json()["external_site"])
    site.url_template = "https://crm.example.com/{contact.nombre}?t={contact.phone}"
    site.save()
    response = api.post(
        url,
        {**base, "interaction": "both", "external_site": site.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    # A site in use cannot be deleted.
    assert api.delete(reverse("externalsite-detail", args=[site.pk])).status_code == 400


def test_campaign_keeps_its_site_in_a_template(world: Any) -> None:
    from cadencia.campaigns import services

    site = ExternalSiteFactory.create(project=world.a)
    campaign = CampaignFactory.create(project=world.a, interaction="both", external_site=site)
    copy = services.campaign_save_as_template(campaign=campaign, name="T", user=None)
    assert copy.external_site == site
