"""Imports of the files contact centers really get (issue #9, point 3): local numbers and
extensions kept as dialed, legacy .xls workbooks, pipe-delimited files without a header, the
operator's command creating a database in a named project, and messages that say what is there.
Each through the service, the pages, the API and the command line."""

from pathlib import Path
from typing import Any

import pytest
import xlwt
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cadencia.contacts.importing.phones import display_phone
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import Contact, ContactDatabase, ContactImport
from cadencia.contacts.selectors import contacts_by_phone
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import check_upload, run_import, write_file
from cadencia.projects.services import project_default

# A typical client list from Córdoba: full numbers, 7-digit local ones, an extension.
LOCAL_LIST = (
    "nombre,telefono\nAna,(0351) 15-621-9387\nBar El Gaucho,456-7890\nCentral,int. 204\nNadie,abc\n"
)
KEEP = Mapping(["telefono"], phone_policy="keep")
STRICT = Mapping(["telefono"])


def _worker() -> None:
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "r")


def _xls(path: Path, rows: list[list[Any]], sheet: str = "Clientes") -> Path:
    book = xlwt.Workbook()
    page = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            page.write(r, c, value)
    book.save(str(path))
    return path


# keep as dialed


def test_strict_rejects_local_numbers_as_before(tmp_path: Path, database: ContactDatabase) -> None:
    done = run_import(database, write_file(tmp_path, LOCAL_LIST), mapping=STRICT)
    assert (done.rows_valid, done.rows_rejected) == (1, 3)


def test_keep_as_dialed_imports_them_unverified_and_counts_them_apart(
    tmp_path: Path, database: ContactDatabase
) -> None:
    checked = check_upload(database, write_file(tmp_path, LOCAL_LIST), mapping=KEEP)
    assert (checked.rows_valid, checked.rows_rejected) == (3, 1)
    assert checked.reasons()["phones kept as dialed (unverified)"] == 2
    assert checked.reasons()["no valid phone"] == 1
    kept = [p for p in checked.problems if p["reason"].startswith("kept as dialed")]
    assert [(p["row"], p["value"], p["rejected"]) for p in kept] == [
        (3, "456-7890", False),
        (4, "int. 204", False),
    ]
    run_import(database, write_file(tmp_path, LOCAL_LIST, "again.csv"), mapping=KEEP)
    phones = dict(Contact.objects.values_list("fields__nombre", "phones"))
    assert phones["Ana"] == ["+5493516219387"]
    assert phones["Bar El Gaucho"] == ["4567890"]  # digits, no "+": unverified
    assert phones["Central"] == ["204"]


def test_numbers_kept_as_dialed_are_found_by_lookup(
    tmp_path: Path, database: ContactDatabase
) -> None:
    run_import(database, write_file(tmp_path, LOCAL_LIST), mapping=KEEP)
    assert [c.fields["nombre"] for c in contacts_by_phone("456 7890")] == ["Bar El Gaucho"]
    assert [c.fields["nombre"] for c in contacts_by_phone("0351 15 621-9387")] == ["Ana"]


def test_the_policy_is_checked(tmp_path: Path, database: ContactDatabase) -> None:
    assert Mapping(["telefono"], phone_policy="lenient").check(["telefono"]) == [
        "“lenient” is not a phone policy (strict or keep)."
    ]


@pytest.mark.django_db(transaction=True)
def test_keep_as_dialed_on_the_pages_shows_them_unverified(demo_users: dict[str, Any]) -> None:
    admin = Client()
    admin.force_login(demo_users["admin"])
    database = ContactDatabaseFactory.create(projects=[project_default()])
    upload = SimpleUploadedFile("locales.csv", LOCAL_LIST.encode())
    response = admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": upload, "has_header": "auto", "sheet": ""},
    )
    assert response.status_code == 302
    mapping = admin.get(response["Location"])
    assert "Keep them as dialed" in mapping.content.decode()
    data = {
        "role_0": "field",
        "type_0": "text",
        "role_1": "phone",
        "type_1": "text",
        "duplicates": "allow",
        "duplicate_key": "phone",
        "mode": "append",
        "phone_policy": "keep",
    }
    response = admin.post(reverse("contacts:import_mapping", args=[database.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    _worker()
    contact_import = ContactImport.objects.get()
    report = admin.get(reverse("contacts:import_detail", args=[contact_import.pk])).content.decode()
    assert "phones kept as dialed (unverified)" in report
    admin.post(reverse("contacts:import_start", args=[contact_import.pk]))
    _worker()
    listing = admin.get(reverse("contacts:contact_list")).content.decode()
    assert "4567890" in listing and "unverified" in listing
    # Verified numbers are shown for reading: national format in the database's region.
    assert ">0351 15-621-9387<" in listing and ">+5493516219387<" not in listing


@pytest.mark.django_db(transaction=True)
def test_keep_as_dialed_through_the_api(demo_users: dict[str, Any]) -> None:
    token, _created = Token.objects.get_or_create(user=demo_users["admin"])
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    database = ContactDatabaseFactory.create(projects=[project_default()])
    upload = api.post(
        "/api/v1/contact-imports/upload/",
        {"database": database.pk, "file": SimpleUploadedFile("l.csv", LOCAL_LIST.encode())},
    ).json()
    response = api.post(
        "/api/v1/contact-imports/create/",
        {"upload": upload["upload"], "phone_columns": ["telefono"], "phone_policy": "keep"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    _worker()
    status = api.get(f"/api/v1/contact-imports/{response.json()['id']}/").json()
    assert (status["rows_valid"], status["rows_rejected"]) == (3, 1)
    wrong = api.post(
        "/api/v1/contact-imports/create/",
        {"upload": upload["upload"], "phone_columns": ["telefono"], "phone_policy": "maybe"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "phone_policy" in wrong.json()


def test_keep_as_dialed_from_the_command_line(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(tmp_path, LOCAL_LIST)
    call_command(
        "import_contacts", str(path), "--database", "D", "--phones", "telefono",
        "--phone-policy", "keep", "--duplicates", "allow",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "phones kept as dialed (unverified): 2" in out
    assert Contact.objects.filter(database__name="D").count() == 3


# the operator's command and a named project


def test_command_creates_a_new_database_in_a_named_project(
    tmp_path: Path, two_projects: Any
) -> None:
    path = write_file(tmp_path, "nombre,telefono\nAna,(0351) 15-621-9387\n")
    call_command(
        "import_contacts", str(path), "--database", "Nueva", "--phones", "telefono",
        "--project", "B",
    )  # fmt: skip
    database = ContactDatabase.objects.get(name="Nueva")
    assert database.project_ids() == [two_projects.b.pk]
    assert database.contacts.count() == 1
    with pytest.raises(CommandError, match="Unknown project"):
        call_command(
            "import_contacts", str(path), "--database", "Otra", "--phones", "telefono",
            "--project", "Z",
        )  # fmt: skip


# legacy Excel


def test_xls_is_read_with_the_same_checks_as_xlsx(
    tmp_path: Path, database: ContactDatabase
) -> None:
    path = _xls(
        tmp_path / "clientes.xls",
        [
            ["nombre", "telefono", "deuda"],
            ["Ana", "(0351) 15-621-9387", 1200.5],
            ["Luis", 3516219390, 3],
        ],
    )
    done = run_import(
        database, path, mapping=Mapping(["telefono"], column_types={"deuda": "number"})
    )
    assert (done.rows_valid, done.rows_rejected) == (2, 0)
    fields = dict(Contact.objects.values_list("fields__nombre", "fields__deuda"))
    assert fields == {"Ana": 1200.5, "Luis": 3}
    with pytest.raises(ValidationError, match="no sheet “Otra”; its sheets are: Clientes"):
        check_upload(database, path, mapping=STRICT, sheet="Otra")


def test_a_broken_xls_is_refused_clearly(tmp_path: Path, database: ContactDatabase) -> None:
    path = write_file(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "roto.xls")
    with pytest.raises(ValidationError, match="not a readable Excel"):
        check_upload(database, path, mapping=STRICT)


@pytest.mark.django_db(transaction=True)
def test_xls_upload_on_the_pages_and_the_command(
    tmp_path: Path, demo_users: dict[str, Any]
) -> None:
    admin = Client()
    admin.force_login(demo_users["admin"])
    database = ContactDatabaseFactory.create(projects=[project_default()])
    path = _xls(tmp_path / "c.xls", [["nombre", "tel"], ["Ana", "(0351) 15-621-9387"]])
    response = admin.post(
        reverse("contacts:import_upload", args=[database.pk]),
        {"file": SimpleUploadedFile("c.xls", path.read_bytes()), "has_header": "auto"},
    )
    assert response.status_code == 302, response.content
    assert admin.get(response["Location"]).context["form"].columns == ["nombre", "tel"]
    call_command("import_contacts", str(path), "--database", "X", "--phones", "tel")
    assert Contact.objects.filter(database__name="X").count() == 1


# other shapes and messages


def test_pipe_delimited_without_header(tmp_path: Path, database: ContactDatabase) -> None:
    path = write_file(tmp_path, "Ana|(0351) 15-621-9387|C1\nLuis|351 621 9390|C2\n", "l.txt")
    checked = check_upload(database, path, mapping=Mapping(["column_2"]), has_header=False)
    assert (checked.rows_valid, checked.rows_rejected) == (2, 0)


def test_empty_file_is_refused(tmp_path: Path, database: ContactDatabase) -> None:
    with pytest.raises(ValidationError, match="The file is empty"):
        check_upload(database, write_file(tmp_path, b""), mapping=STRICT)


def test_a_wrong_column_name_lists_the_file_s_columns(
    tmp_path: Path, database: ContactDatabase
) -> None:
    errors = Mapping(["phone"]).check(["nombre", "telefono"])
    assert errors == ["The file has no column “phone”; its columns are “nombre”, “telefono”."]


def test_no_valid_phone_names_the_cells_it_looked_at(
    tmp_path: Path, database: ContactDatabase
) -> None:
    text = "nombre,telefono,celular\nNadie,abc,12\n"
    checked = check_upload(
        database, write_file(tmp_path, text), mapping=Mapping(["telefono", "celular"])
    )
    problem = next(p for p in checked.problems if p["reason"] == "no valid phone")
    assert problem["value"] == "abc | 12"


def test_display_format_national_in_region_international_otherwise() -> None:
    assert display_phone("+5493516219387", "AR") == "0351 15-621-9387"
    assert display_phone("+34912345678", "AR") == "+34 912 34 56 78"
    assert display_phone("4567890", "AR") == "4567890"
