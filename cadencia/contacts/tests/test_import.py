"""Import: reading every kind of file, the validation report, duplicates, atomicity, the CLI."""

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cadencia.contacts import services
from cadencia.contacts.importing.phones import PhoneError, normalise_phone
from cadencia.contacts.importing.reader import ReadError, open_table
from cadencia.contacts.importing.validate import Mapping, describe
from cadencia.contacts.models import Contact, ContactDatabase, ContactImport
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import (
    HEADER,
    check_upload,
    run_import,
    write_file,
)
from cadencia.projects.services import project_default

# phones


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("(0351) 15-621-9387", "+5493516219387"),
        ("+54 9 351 621-9387", "+5493516219387"),
        ("351 621 9387", "+543516219387"),
    ],
)
def test_argentine_formats_become_e164(value: str, expected: str) -> None:
    assert normalise_phone(value, "AR") == expected


@pytest.mark.parametrize("value", ["", "123", "hello", "+" + "9" * 50])
def test_invalid_phones_are_refused(value: str) -> None:
    with pytest.raises(PhoneError):
        normalise_phone(value, "AR")


def test_other_regions() -> None:
    assert normalise_phone("612 34 56 78", "ES") == "+34612345678"
    assert normalise_phone("(201) 555-0123", "US") == "+12015550123"


# reading files


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("number", "1.234,56"),
        ("number", "1,234.56"),
        ("number", "12,00"),
        ("number", "-0,5"),
        ("number", " 7 "),
        ("number", "12345678901234567890"),
        ("number", "1234567890123456.75"),  # past a float's digits: Decimal decides
        ("number", "12345678901234567.00"),
        ("date", "9/3/2027"),
        ("date", "2027-03-09"),
        ("time", "9:05"),
        ("text", ' Ana "la jefa" \\ \t\u2028 ñ 😀 '),
        ("text", "\x01\x7f"),
    ],
)
def test_json_conversions_match_the_json_module(kind: str, value: str) -> None:
    """The import writes fields as JSON text directly; it must be what json.dumps would give."""
    import json

    from cadencia.contacts.importing.validate import JSON_CONVERTERS, convert

    assert JSON_CONVERTERS[kind](value) == json.dumps(convert(value, kind), ensure_ascii=False)
    if kind == "number":
        assert convert("12345678901234567.00", kind) == 12345678901234567


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="empty"):
        open_table(write_file(tmp_path, ""), filename="x.csv", max_bytes=10_000)


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n" * 1000)
    with pytest.raises(ReadError, match="limit"):
        open_table(path, filename="x.csv", max_bytes=1000)


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = write_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ReadError, match="binary"):
        open_table(path, filename="x.csv", max_bytes=10_000)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")]
)
def test_encodings_and_delimiters_are_detected(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = 'nombre;teléfono;ciudad\nJosé;351 621 9387;Córdoba\nMaría;351 621 9388;"Villa; María"\n'
    path = write_file(tmp_path, bom + text.encode(encoding))
    table = open_table(path, filename="x.csv", max_bytes=10_000)
    assert table.delimiter == ";"
    assert table.columns == ["nombre", "teléfono", "ciudad"]
    rows = list(table.rows())
    assert rows[0][1] == ["José", "351 621 9387", "Córdoba"]
    assert rows[1][1][2] == "Villa; María"


def test_file_without_header(tmp_path: Path) -> None:
    path = write_file(tmp_path, "3516219387,Ana\n3516219388,Luis\n")
    table = open_table(path, filename="x.csv", max_bytes=10_000, has_header=False)
    assert table.columns == ["column_1", "column_2"]
    assert len(list(table.rows())) == 2


def test_xlsx_with_several_sheets(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Notes"
    first.append(["nothing here"])
    sheet = workbook.create_sheet("Clientes")
    sheet.append(["nombre", "telefono"])
    sheet.append(["Ana", 3516219387])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    table = open_table(path, filename="list.xlsx", max_bytes=1_000_000, sheet="Clientes")
    assert table.sheets == ["Notes", "Clientes"]
    assert list(table.rows()) == [(2, ["Ana", "3516219387"])]
    with pytest.raises(ReadError, match="no sheet"):
        open_table(path, filename="list.xlsx", max_bytes=1_000_000, sheet="Missing")


def test_broken_xlsx(tmp_path: Path) -> None:
    path = write_file(tmp_path, b"PK\x03\x04 not really a zip", name="x.xlsx")
    with pytest.raises(ReadError, match="XLSX"):
        open_table(path, filename="x.xlsx", max_bytes=10_000)


# validation report


def test_report_names_row_column_value_and_reason(
    tmp_path: Path, database: ContactDatabase
) -> None:
    path = write_file(
        tmp_path,
        HEADER
        + 'Ana,(0351) 15-621-9387,123,C1,"1.200,50",31/12/2026\n'
        + "Sin teléfono,,,C2,0,\n"
        + "Mala deuda,351 621 9390,,C3,mucho,\n"
        + "Repetida,351 621 9391,,C1,1,\n"
        + "Columnas,351 621 9392,,C5,1,,extra\n"
        + "Fecha,351 621 9393,,C6,1,31/02/2026\n",
    )
    contact_import = check_upload(database, path)
    assert (contact_import.rows_read, contact_import.rows_valid) == (6, 1)
    problems = {(p["row"], p["column"]): p for p in contact_import.problems}
    reasons = {key: describe(p) for key, p in problems.items()}
    assert reasons[(2, "celular")] == "not a valid number for AR"
    assert problems[(2, "celular")]["rejected"] is False
    assert reasons[(3, "telefono, celular")] == "no valid phone"
    assert problems[(4, "deuda")]["value"] == "mucho"
    assert reasons[(5, "id_cliente")] == "duplicate external ID in the file (first on row 2)"
    assert reasons[(6, "")] == "too many columns (7, expected 6)"
    assert reasons[(7, "vence")].startswith("not a date")
    assert contact_import.rejected_by_reason == {
        "invalid phone": 1,
        "no valid phone": 1,
        "not a number": 1,
        "duplicate external ID in the file": 1,
        "too many columns": 1,
        "not a date (YYYY-MM-DD or DD/MM/YYYY)": 1,
    }
    assert Contact.objects.count() == 0  # validation writes nothing
    services.contact_import_execute(contact_import=contact_import)
    contact = Contact.objects.get()
    assert contact.fields == {"nombre": "Ana", "deuda": 1200.5, "vence": "2026-12-31"}
    assert contact.phones == ["+5493516219387"]


def test_mapping_errors_are_reported(tmp_path: Path, database: ContactDatabase) -> None:
    path = write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n")
    with pytest.raises(ValidationError) as excinfo:
        run_import(database, path, mapping=Mapping(["nope"], "", {"deuda": "money"}))
    text = str(excinfo.value)
    assert "no column “nope”" in text and "“money” is not a column type" in text


def test_header_only_file_imports_nothing(tmp_path: Path, database: ContactDatabase) -> None:
    contact_import = run_import(database, write_file(tmp_path, HEADER))
    assert (contact_import.rows_read, contact_import.created) == (0, 0)


# writing


def test_duplicates_skip_by_phone(tmp_path: Path, database: ContactDatabase) -> None:
    run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    again = run_import(
        database,
        write_file(tmp_path, HEADER + "Ana bis,+54 351 621-9387,,C9,2,\nLuis,3516219388,,C2,1,\n"),
    )
    assert (again.created, again.skipped) == (1, 1)
    assert Contact.objects.count() == 2


def test_duplicates_update_by_external_id(tmp_path: Path, database: ContactDatabase) -> None:
    run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    again = run_import(
        database,
        write_file(tmp_path, HEADER + "Ana María,3516219399,,C1,5,\n"),
        duplicates="update",
        duplicate_key="external_id",
    )
    assert (again.created, again.updated) == (0, 1)
    contact = Contact.objects.get()
    assert contact.fields["nombre"] == "Ana María" and contact.fields["deuda"] == 5
    assert contact.phones == ["+543516219399"]


def test_duplicates_allowed_by_phone(tmp_path: Path, database: ContactDatabase) -> None:
    run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    again = run_import(
        database,
        write_file(tmp_path, HEADER + "Ana 2,3516219387,,C2,1,\n"),
        duplicates="allow",
        duplicate_key="phone",
    )
    assert again.created == 1
    assert Contact.objects.filter(phones__has_phone="+543516219387").count() == 2


def test_replace_mode(tmp_path: Path, database: ContactDatabase) -> None:
    run_import(
        database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\nLuis,3516219388,,C2,1,\n")
    )
    other = ContactDatabaseFactory.create(projects=[project_default()])
    run_import(other, write_file(tmp_path, HEADER + "Otro,3516219377,,X1,1,\n"))
    run_import(database, write_file(tmp_path, HEADER + "Eva,3516219389,,C3,1,\n"), mode="replace")
    assert list(
        Contact.objects.filter(database=database).values_list("external_id", flat=True)
    ) == ["C3"]
    assert Contact.objects.filter(database=other).count() == 1


def test_failure_leaves_the_database_as_before(
    tmp_path: Path, database: ContactDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    from cadencia.contacts.importing import writer

    monkeypatch.setattr(writer, "BLOCK", 2)
    original = writer.ContactWriter._apply_updates

    def explode(self: Any) -> None:
        original(self)
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer.ContactWriter, "_apply_updates", explode)
    rows = "".join(f"P{i},35162194{i:02d},,D{i},1,\n" for i in range(10))
    with pytest.raises(RuntimeError):
        run_import(database, write_file(tmp_path, HEADER + rows), mode="replace")
    assert list(Contact.objects.values_list("external_id", flat=True)) == ["C1"]
    assert ContactImport.objects.filter(status="failed").exists()


@pytest.mark.parametrize("duplicates", ["skip", "allow"])  # rows compared; the file streamed
def test_many_rows_in_several_batches(
    tmp_path: Path, database: ContactDatabase, monkeypatch: pytest.MonkeyPatch, duplicates: str
) -> None:
    from cadencia.contacts.importing import writer

    monkeypatch.setattr(writer, "BLOCK", 7)
    monkeypatch.setattr(writer, "PIECE_CHARS", 100)
    rows = "".join(f"P{i},3516{i:06d},3517{i:06d},E{i},{i},\n" for i in range(50))
    contact_import = check_upload(
        database, write_file(tmp_path, HEADER + rows), duplicates=duplicates
    )
    done: list[int] = []
    contact_import = services.contact_import_execute(
        contact_import=contact_import, progress=done.append
    )
    assert contact_import.created == 50
    assert done == sorted(done) and done[-1] == 50 and len(done) > 2
    contacts = Contact.objects.filter(database=database).order_by("pk")
    assert [c.phones for c in contacts][49] == ["+543516000049", "+543517000049"]
    assert [c.external_id for c in contacts] == [f"E{i}" for i in range(50)]
    assert contacts[10].fields["nombre"] == "P10"


@pytest.mark.parametrize("block", [2, 50_000])
def test_duplicates_inside_one_file_follow_the_policy(
    tmp_path: Path, database: ContactDatabase, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The same phone twice in one file, within one block of the writer and across blocks."""
    from cadencia.contacts.importing import writer

    monkeypatch.setattr(writer, "BLOCK", block)
    rows = "Ana,3516219387,,,1,\nLuis,3516219300,,,2,\nAna bis,351 621 9387,3516219301,,3,\n"
    skipped = run_import(database, write_file(tmp_path, HEADER + rows))
    assert (skipped.created, skipped.skipped) == (2, 1)
    Contact.objects.all().delete()
    updated = run_import(database, write_file(tmp_path, HEADER + rows), duplicates="update")
    assert (updated.created, updated.updated) == (2, 1)
    ana = Contact.objects.get(phones__has_phone="+543516219387")
    assert ana.fields["nombre"] == "Ana bis"
    assert ana.phones == [
        "+543516219387",
        "+543516219301",
    ]


@pytest.mark.parametrize("duplicates", ["skip", "allow"])  # rows compared; the file streamed
def test_awkward_text_survives_the_write(
    tmp_path: Path, database: ContactDatabase, monkeypatch: pytest.MonkeyPatch, duplicates: str
) -> None:
    """Tabs, newlines, backslashes, quotes and accents in ids and fields (COPY's escapes)."""
    from cadencia.contacts.importing import writer

    monkeypatch.setattr(writer, "PIECE_CHARS", 7)  # lines cross the pieces streamed to COPY
    rows = (
        '"Ana\tMaría ""la\\jefa""\nÑandú",3516219387,,"C\\1\t2",1,\n'
        '"{""json"": true}",3516219388,,C\\2,2,\n'
    )
    contact_import = run_import(
        database, write_file(tmp_path, HEADER + rows), duplicates=duplicates
    )
    assert contact_import.created == 2
    by_id = {c.external_id: c.fields for c in Contact.objects.all()}
    assert by_id["C\\1\t2"]["nombre"] == 'Ana\tMaría "la\\jefa"\nÑandú'
    assert by_id["C\\2"]["nombre"] == '{"json": true}'
    again = run_import(
        database,
        write_file(tmp_path, HEADER + '"Ana",3516219399,,"C\\1\t2",7,\n'),
        duplicates="update",
        duplicate_key="external_id",
    )
    assert (again.created, again.updated) == (0, 1)
    assert Contact.objects.get(external_id="C\\1\t2").fields["deuda"] == 7


# command line


def test_command_imports_and_reports(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\nMal,,,C2,1,\n")
    call_command(
        "import_contacts",
        str(path),
        "--database",
        "Deudores",
        "--region",
        "AR",
        "--phones",
        "telefono,celular",
        "--external-id",
        "id_cliente",
    )
    out = capsys.readouterr().out
    assert "Rows read: 2; valid: 1; rejected: 1" in out
    assert "no valid phone: 1" in out
    assert "1 created" in out
    assert Contact.objects.filter(database__name="Deudores").count() == 1


def test_command_dry_run_writes_nothing(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n")
    call_command(
        "import_contacts", str(path), "--database", "Deudores", "--phones", "telefono", "--dry-run"
    )
    assert "Dry run" in capsys.readouterr().out
    assert Contact.objects.count() == 0


def test_command_fails_when_nothing_can_be_imported(tmp_path: Path, db: None) -> None:
    path = write_file(tmp_path, HEADER + "Mal,,,C2,1,\n")
    with pytest.raises(CommandError, match="Nothing could be imported"):
        call_command("import_contacts", str(path), "--database", "D", "--phones", "telefono")
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "import_contacts", str(tmp_path / "nope.csv"), "--database", "D", "--phones", "x"
        )


def test_awkward_text_survives_the_bulk_write(tmp_path: Path, database: ContactDatabase) -> None:
    text = 'nombre,telefono\n"Tab\there \\ back\nslash ñ ✓",3516219387\n'
    run_import(database, write_file(tmp_path, text), mapping=Mapping(["telefono"]))
    assert Contact.objects.get().fields["nombre"] == "Tab\there \\ back\nslash ñ ✓"


def test_import_steps_are_in_the_change_log(tmp_path: Path, database: ContactDatabase) -> None:
    from cadencia.core.models import ChangeLogEntry

    contact_import = run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    entries = ChangeLogEntry.objects.filter(
        content_type__model="contactimport", object_pk=str(contact_import.pk)
    )
    assert entries.filter(action=ChangeLogEntry.Action.CREATE).exists()
    statuses = [e.changes_dict.get("status", [None, None])[1] for e in entries]
    assert "done" in statuses
    assert all(list(e.projects.all()) == list(database.projects.all()) for e in entries)


def test_command_refuses_an_unknown_region(tmp_path: Path, db: None) -> None:
    path = write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n")
    call_command("import_contacts", str(path), "--database", "D", "--phones", "telefono")
    with pytest.raises(CommandError, match="country code"):
        call_command(
            "import_contacts",
            str(path),
            "--database",
            "D",
            "--phones",
            "telefono",
            "--region",
            "XX",
        )


@pytest.mark.parametrize(
    ("key", "policy", "outcome"),
    [
        ("phone", "skip", "They will be skipped."),
        ("external_id", "update", "They will update those contacts."),
        ("phone", "allow", "They will be skipped."),
    ],
)
def test_report_counts_rows_already_in_the_database(
    tmp_path: Path, database: ContactDatabase, key: str, policy: str, outcome: str
) -> None:
    """A known phone (key "phone") or a known external ID (always: the database forbids a
    second contact with it) makes a duplicate; the report counts them before the write."""
    from django.template.loader import render_to_string

    run_import(
        database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\nLuis,3516219388,,C2,1,\n")
    )
    rows = "Ana,+54 351 621-9387,,C1,1,\nLuis,3516219300,,C2,1,\nEva,3516219301,,C3,1,\n"
    contact_import = check_upload(
        database, write_file(tmp_path, HEADER + rows), duplicates=policy, duplicate_key=key
    )
    assert contact_import.existing == 2
    page = render_to_string("contacts/import_status.html", {"item": contact_import})
    assert "2 valid rows match contacts already in this database." in page and outcome in page
    done = services.contact_import_execute(contact_import=contact_import)
    assert done.created == 1
    assert (done.updated if policy == "update" else done.skipped) == 2
    assert Contact.objects.filter(database=database).count() == 3


def test_first_import_into_an_empty_database_finds_nothing_existing(
    tmp_path: Path, database: ContactDatabase
) -> None:
    contact_import = run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    assert contact_import.existing == 0


def test_a_file_with_fewer_columns_adds_columns_and_never_drops_them(
    tmp_path: Path, database: ContactDatabase
) -> None:
    run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    database.refresh_from_db()
    before = [c["name"] for c in database.columns]
    assert before == ["nombre", "deuda", "vence"]
    short = Mapping(["telefono"], "id_cliente")
    run_import(
        database,
        write_file(tmp_path, "nombre,telefono,id_cliente,barrio\nLuis,3516219388,C2,Centro\n"),
        mapping=short,
    )
    database.refresh_from_db()
    assert [c["name"] for c in database.columns] == ["nombre", "deuda", "vence", "barrio"]
    assert Contact.objects.get(external_id="C1").fields["deuda"] == 1
