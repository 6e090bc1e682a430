"""The browser import flow through Django's test client, with a real task worker run."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cadencia.contacts.models import Contact, ContactImport
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.projects.models import Project
from cadencia.projects.services import project_default, security_mode_set

CSV = (
    "nombre;tel;cel;cliente\n"
    "Ana;(0351) 15-621-9387;;C1\n"
    "Luis;351 621 9390;+54 9 351 621-9391;C2\n"
    "Nadie;;;C3\n"
).encode("cp1252")


def _run_worker() -> None:
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "t")


@pytest.fixture
def admin(client: Client, demo_users: dict[str, Any]) -> Client:
    client.force_login(demo_users["admin"])
    return client


@pytest.mark.covers(
    "contacts:import_detail",
    "contacts:import_mapping",
    "contacts:import_start",
    "contacts:import_upload",
)
@pytest.mark.django_db(transaction=True)
def test_upload_mapping_report_import(admin: Client) -> None:
    database = ContactDatabaseFactory.create(projects=[project_default()])
    upload = SimpleUploadedFile("clientes.csv", CSV, content_type="text/csv")
    response = admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": upload, "has_header": "auto", "sheet": ""},
    )
    assert response.status_code == 302
    mapping_page = admin.get(response["Location"])
    form = mapping_page.context["form"]
    assert form.columns == ["nombre", "tel", "cel", "cliente"]
    assert mapping_page.context["preview"][0] == ["Ana", "(0351) 15-621-9387", "", "C1"]
    data = {
        "role_0": "field",
        "type_0": "text",
        "role_1": "phone",
        "type_1": "text",
        "role_2": "phone",
        "type_2": "text",
        "role_3": "external_id",
        "type_3": "text",
        "duplicates": "skip",
        "duplicate_key": "phone",
        "mode": "append",
    }
    response = admin.post(reverse("contacts:import_mapping", args=[database.pk]), data)
    assert response.status_code == 302
    contact_import = ContactImport.objects.get()
    assert contact_import.status == "validating"
    page = admin.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in page
    _run_worker()
    contact_import.refresh_from_db()
    assert (contact_import.status, contact_import.rows_valid, contact_import.rows_rejected) == (
        "validated",
        2,
        1,
    )
    report = admin.get(reverse("contacts:import_detail", args=[contact_import.pk])).content.decode()
    assert "no valid phone" in report and "Import the 2 valid rows" in report
    assert Contact.objects.count() == 0
    admin.post(reverse("contacts:import_start", args=[contact_import.pk]))
    _run_worker()
    contact_import.refresh_from_db()
    assert (contact_import.status, contact_import.created) == ("done", 2)
    luis = Contact.objects.get(external_id="C2")
    assert luis.phones == ["+543516219390", "+5493516219391"]
    database.refresh_from_db()
    assert database.mapping["phone_columns"] == ["tel", "cel"]  # remembered for next time
    again = admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": SimpleUploadedFile("b.csv", CSV), "has_header": "auto", "sheet": ""},
    )
    form = admin.get(again["Location"]).context["form"]
    assert form["role_1"].initial == "phone" and form["role_3"].initial == "external_id"


@pytest.mark.covers("contacts:import_cancel")
@pytest.mark.django_db
def test_cancel_writes_nothing(admin: Client, tmp_path: Path) -> None:
    from cadencia.contacts import services
    from cadencia.contacts.importing.validate import Mapping

    database = ContactDatabaseFactory.create(projects=[project_default()])
    path = tmp_path / "x.csv"
    path.write_bytes(CSV)
    contact_import = services.contact_import_validate(
        database=database,
        path=path,
        filename="x.csv",
        options=services.ImportOptions(mapping=Mapping(["tel"])),
        user=None,
    )
    response = admin.post(reverse("contacts:import_cancel", args=[contact_import.pk]), follow=True)
    assert "nothing was written" in response.content.decode()
    contact_import.refresh_from_db()
    assert contact_import.status == "cancelled"
    response = admin.post(reverse("contacts:import_start", args=[contact_import.pk]), follow=True)
    assert "not waiting to be imported" in response.content.decode()
    assert Contact.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.csv", b"", "The submitted file is empty."),
        ("photo.csv", b"\x89PNG\x00\x00binary" * 10, "binary data"),
        ("notes.pdf", b"%PDF-1.4", "Upload a .csv, .txt, .xlsx or .xls file."),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(
    admin: Client, name: str, content: bytes, error: str
) -> None:
    database = ContactDatabaseFactory.create(projects=[project_default()])
    response = admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": SimpleUploadedFile(name, content), "has_header": "auto", "sheet": ""},
    )
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors["file"])


@pytest.mark.django_db
def test_upload_over_the_limit(admin: Client, settings: Any) -> None:
    settings.CONTACT_IMPORT_MAX_BYTES = 100
    database = ContactDatabaseFactory.create(projects=[project_default()])
    response = admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": SimpleUploadedFile("big.csv", CSV * 10), "has_header": "auto", "sheet": ""},
    )
    assert "the limit is" in " ".join(response.context["form"].errors["file"])


@pytest.mark.django_db
def test_mapping_needs_a_phone_column(admin: Client) -> None:
    database = ContactDatabaseFactory.create(projects=[project_default()])
    admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": SimpleUploadedFile("c.csv", CSV), "has_header": "auto", "sheet": ""},
    )
    data = {f"role_{i}": "field" for i in range(4)} | {f"type_{i}": "text" for i in range(4)}
    data |= {"duplicates": "skip", "duplicate_key": "phone", "mode": "append"}
    response = admin.post(reverse("contacts:import_mapping", args=[database.pk]), data)
    assert "Mark at least one column as a phone." in response.content.decode()
    assert not ContactImport.objects.exists()


@pytest.mark.django_db
def test_another_projects_database_or_import_is_404(
    client: Client, demo_users: dict[str, Any]
) -> None:
    security_mode_set(mode="enhanced")
    other = Project.objects.create(name="Other")
    database = ContactDatabaseFactory.create(projects=[other])
    contact_import = ContactImport.objects.create(
        database=database,
        filename="x.csv",
        mode="append",
        duplicates="skip",
        duplicate_key="phone",
        status="validated",
    )
    from cadencia.projects.models import Membership

    Membership.objects.filter(user=demo_users["manager"]).delete()
    Membership.objects.create(user=demo_users["manager"], project=project_default())
    client.force_login(demo_users["manager"])
    assert client.get(reverse("contacts:import_upload", args=[database.pk])).status_code == 404
    assert (
        client.get(reverse("contacts:import_detail", args=[contact_import.pk])).status_code == 404
    )
    assert (
        client.post(reverse("contacts:import_start", args=[contact_import.pk])).status_code == 404
    )


def _mapping_data(**extra: str) -> dict[str, str]:
    data = {"duplicates": "skip", "duplicate_key": "phone", "mode": "append"}
    for i, role in enumerate(["field", "phone", "phone", "external_id"]):
        data |= {f"role_{i}": role, f"type_{i}": "text", f"order_{i}": ""}
    return data | extra


def test_phone_order_is_chosen_and_remembered() -> None:
    from cadencia.contacts.import_forms import MappingForm

    columns = ["nombre", "tel", "cel", "cliente"]
    form = MappingForm(_mapping_data(order_2="1", order_1="2"), columns=columns, remembered={})
    assert form.is_valid(), form.errors
    mapping = form.mapping()
    assert mapping.phone_columns == ["cel", "tel"]
    again = MappingForm(columns=columns, remembered=mapping.as_dict())
    assert (again["order_2"].initial, again["order_1"].initial) == (1, 2)
    # Unnumbered phone columns come after the numbered ones, in file order.
    form = MappingForm(_mapping_data(order_2="1"), columns=columns, remembered={})
    assert form.is_valid() and form.mapping().phone_columns == ["cel", "tel"]
    form = MappingForm(_mapping_data(), columns=columns, remembered={})
    assert form.is_valid() and form.mapping().phone_columns == ["tel", "cel"]


@pytest.mark.parametrize(
    ("orders", "message"),
    [
        ({"order_1": "1", "order_2": "1"}, "“tel” and “cel” have the same order 1"),
        ({"order_1": "0"}, "greater than or equal to 1"),
        ({"order_1": "9"}, "less than or equal to 4"),
        ({"order_1": "first"}, "Enter a whole number"),
    ],
)
def test_bad_phone_orders_are_refused(orders: dict[str, str], message: str) -> None:
    from cadencia.contacts.import_forms import MappingForm

    columns = ["nombre", "tel", "cel", "cliente"]
    form = MappingForm(_mapping_data(**orders), columns=columns, remembered={})
    assert not form.is_valid()
    assert message in str(form.errors)


@pytest.mark.django_db
def test_report_is_read_in_the_readers_language(
    client: Client, demo_users: dict[str, Any], tmp_path: Path
) -> None:
    """Checked by an English-speaking user, read by a Spanish-speaking one (page and API)."""
    from django.utils import translation

    from cadencia.contacts import services
    from cadencia.contacts.importing.validate import Mapping

    database = ContactDatabaseFactory.create(projects=[project_default()])
    path = tmp_path / "x.csv"
    path.write_bytes(CSV + b"Otro;12;;C4\n")
    with translation.override("en"):
        contact_import = services.contact_import_validate(
            database=database,
            path=path,
            filename="x.csv",
            options=services.ImportOptions(mapping=Mapping(["tel", "cel"])),
            user=None,
        )
    reader = demo_users["admin"]
    reader.language = "es"
    reader.save()
    client.force_login(reader)
    page = client.get(reverse("contacts:import_detail", args=[contact_import.pk])).content.decode()
    assert "ningún teléfono válido" in page and "no es un número válido para AR" in page
    assert "no valid phone" not in page
    api = client.get(f"/api/v1/contact-imports/{contact_import.pk}/").json()
    assert "ningún teléfono válido" in api["rejected_by_reason"]
    assert {p["reason"] for p in api["problems"]} >= {"no es un número válido para AR"}
