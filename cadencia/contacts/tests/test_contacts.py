"""Contact pages, CSV export, API and lookup by phone: scoping, validation, query counts."""

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse

from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.core.downloads import neutralise
from cadencia.core.scoping import scopes_disabled
from cadencia.projects.testing import TwoProjects

pytestmark = pytest.mark.django_db


def _contact(database: ContactDatabase, name: str, *numbers: str, external_id: str = "") -> Contact:
    return Contact.objects.create(
        database=database, external_id=external_id, fields={"nombre": name}, phones=list(numbers)
    )


class World(TwoProjects):
    def __init__(self) -> None:
        super().__init__()
        perms = Permission.objects.filter(content_type__app_label="contacts")
        self.user = self.add_user("u", self.a, perms)
        self.db_a = ContactDatabaseFactory.create(
            projects=[self.a], columns=[{"name": "nombre", "type": "text"}]
        )
        self.db_b = ContactDatabaseFactory.create(projects=[self.b])
        self.ana = _contact(self.db_a, "Ana", "+5493516219387", external_id="C1")
        self.secret = _contact(self.db_b, "Secreto", "+5493516219387", external_id="S1")
        self.client = TwoProjects.web_client(self.user)
        self.api = TwoProjects.api_client(self.user)


@pytest.fixture
def world() -> World:
    return World()


@pytest.mark.covers("contacts:contact_list")
def test_list_shows_only_own_projects_and_filters(world: World) -> None:
    body = world.client.get(reverse("contacts:contact_list")).content.decode()
    assert "Ana" in body and "Secreto" not in body
    by_phone = world.client.get(reverse("contacts:contact_list"), {"phone": "(0351) 15-621-9387"})
    assert "Ana" in by_phone.content.decode()
    assert (
        "Ana"
        not in world.client.get(reverse("contacts:contact_list"), {"q": "nobody"}).content.decode()
    )
    foreign = world.client.get(reverse("contacts:contact_list"), {"database": world.db_b.pk})
    assert "Secreto" not in foreign.content.decode()


def test_keyset_pages_and_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(60):
        _contact(world.db_a, f"P{i}", f"+54935162{i:05d}")
    world.client.get(reverse("contacts:contact_list"))
    with django_assert_max_num_queries(20) as captured:
        first = world.client.get(reverse("contacts:contact_list"))
    assert len(first.context["contacts"]) == 50
    after = first.context["next_after"]
    for i in range(60, 200):
        _contact(world.db_a, f"P{i}", f"+54935162{i:05d}")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        second = world.client.get(reverse("contacts:contact_list"), {"after": after})
    assert len(second.context["contacts"]) == 11  # 61 contacts before the first page's last


@pytest.mark.covers("contacts:contact_delete", "contacts:contact_detail", "contacts:contact_edit")
def test_detail_edit_delete_and_foreign_404(world: World) -> None:
    assert (
        world.client.get(reverse("contacts:contact_detail", args=[world.ana.pk])).status_code == 200
    )
    for name in ("contact_detail", "contact_edit"):
        assert (
            world.client.get(reverse(f"contacts:{name}", args=[world.secret.pk])).status_code == 404
        )
    assert (
        world.client.post(reverse("contacts:contact_delete", args=[world.secret.pk])).status_code
        == 404
    )
    response = world.client.post(
        reverse("contacts:contact_edit", args=[world.ana.pk]),
        {
            "external_id": "C1",
            "phones": "351 621 9390\n(0351) 15-621-9387",
            "field_nombre": "Ana María",
        },
    )
    assert response.status_code == 302
    world.ana.refresh_from_db()
    assert world.ana.fields["nombre"] == "Ana María"
    assert world.ana.phones == ["+543516219390", "+5493516219387"]
    assert (
        world.client.post(reverse("contacts:contact_delete", args=[world.ana.pk])).status_code
        == 302
    )
    assert not Contact.objects.filter(pk=world.ana.pk).exists()


@pytest.mark.covers("contacts:contact_add")
def test_manual_create_reports_bad_phones_and_duplicate_external_id(world: World) -> None:
    url = reverse("contacts:contact_add", args=[world.db_a.pk])
    response = world.client.post(
        url, {"external_id": "C1", "phones": "123\nhola", "field_nombre": "X"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Line 1" in errors["phones"][0] and "Line 2" in errors["phones"][1]
    response = world.client.post(
        url, {"external_id": "C1", "phones": "351 621 9391", "field_nombre": "X"}
    )
    assert "external ID" in response.context["form"].errors["external_id"][0]
    assert (
        world.client.get(reverse("contacts:contact_add", args=[world.db_b.pk])).status_code == 404
    )
    response = world.client.post(
        url, {"external_id": "C2", "phones": "351 621 9391", "field_nombre": "Eva"}
    )
    assert response.status_code == 302
    assert Contact.objects.filter(external_id="C2", database=world.db_a).exists()


def _streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def _download(world: World, query: str, fmt: str = "csv") -> Any:
    return world.client.post(
        reverse("core:export_start"), {"source": "contacts", "format": fmt, "query": query}
    )


def test_download_streams_neutralised_csv_of_visible_contacts(world: World) -> None:
    _contact(world.db_a, '=HYPERLINK("http://evil")', "+5493516219388")
    response = _download(world, f"database={world.db_a.pk}")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(_streamed(response).lstrip("\ufeff"))))
    assert rows[0][:4] == ["id", "database", "external_id", "phone_1"]
    assert rows[0][-1] == "nombre"
    names = [row[-1] for row in rows[1:]]
    assert "Ana" in names and '\'=HYPERLINK("http://evil")' in names
    assert all(row[3].startswith("'+") for row in rows[1:])
    everything = _download(world, "")
    assert "Secreto" not in _streamed(everything)
    # Another project's database is not a choice: an error, never every contact.
    refused = _download(world, f"database={world.db_b.pk}")
    assert refused.status_code == 302


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+54", "'+54"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("Ana", "Ana"),
        (None, ""),
    ],
)
def test_neutralise(value: object, expected: str) -> None:
    assert neutralise(value) == expected


@pytest.mark.covers("contact-detail", "contact-list", "contact-lookup")
def test_api_contacts_crud_and_lookup(world: World) -> None:
    listing = world.api.get("/api/v1/contacts/").json()["results"]
    assert [c["id"] for c in listing] == [world.ana.pk]
    response = world.api.post(
        "/api/v1/contacts/",
        {
            "database": world.db_a.pk,
            "external_id": "C9",
            "phones": ["(0351) 15-621-9399"],
            "fields": {"nombre": "Eva"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["phones"] == ["+5493516219399"]
    foreign = world.api.post(
        "/api/v1/contacts/",
        {"database": world.db_b.pk, "phones": ["351 621 9398"], "fields": {}},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "database" in foreign.json()
    bad = world.api.post(
        "/api/v1/contacts/",
        {"database": world.db_a.pk, "phones": ["12"], "fields": []},
        content_type="application/json",
    )
    assert bad.status_code == 400
    found = world.api.get("/api/v1/contacts/lookup/", {"phone": "+54 9 351 621-9387"}).json()
    assert [c["id"] for c in found] == [world.ana.pk]  # not the other project's contact
    assert world.api.get("/api/v1/contacts/lookup/", {"phone": ""}).status_code == 400
    assert (
        world.api.get("/api/v1/contacts/lookup/", {"phone": "1", "region": "XX"}).status_code == 400
    )
    assert world.api.get(f"/api/v1/contacts/{world.secret.pk}/").status_code == 404
    assert world.api.delete(f"/api/v1/contacts/{world.ana.pk}/").status_code == 204


def test_lookup_is_one_query(world: World, django_assert_num_queries: Any) -> None:
    from cadencia.contacts.selectors import contacts_by_phone
    from cadencia.core.scoping import project_scope

    with project_scope([world.a.pk]), django_assert_num_queries(1):
        result = list(contacts_by_phone("0351 15 621 9387", "AR"))
    assert result == [world.ana]


def test_has_phone_matches_whole_numbers_in_any_position(world: World) -> None:
    luis = _contact(world.db_a, "Luis", "+5493516219300", "+5493516219301", "+34911234567")
    with scopes_disabled():
        assert list(Contact.objects.filter(phones__has_phone="+34911234567")) == [luis]
        assert list(Contact.objects.filter(phones__has_phone="+5493516219301")) == [luis]
        # Neither a part of a number nor the list's text matches.
        assert not Contact.objects.filter(phones__has_phone="+549351621930").exists()
        assert not Contact.objects.filter(phones__has_phone='"+34911234567"').exists()
        assert not Contact.objects.filter(phones__has_phone="").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_lookup_by_phone_can_use_the_gin_index(world: World) -> None:
    from cadencia.contacts.selectors import contacts_by_phone

    with connection.cursor() as cursor:
        # On a handful of rows a sequential scan is cheaper; forbid it to see the index is usable.
        cursor.execute("SET enable_seqscan = off")
        try:
            with scopes_disabled():
                plan = contacts_by_phone("0351 15 621 9387", "AR").explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "contacts_contact_phones" in plan


def test_api_errors_are_translated(world: World) -> None:
    response = world.api.get("/api/v1/contacts/lookup/", {"phone": ""}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Indique un número de teléfono." in str(response.json()["phone"])
