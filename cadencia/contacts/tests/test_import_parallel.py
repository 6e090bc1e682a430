"""Import checks in parallel: the same report as in one process, segments cut between rows,
the first broken line reported, every problem counted."""

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cadencia.contacts import services
from cadencia.contacts.importing.reader import open_table
from cadencia.contacts.importing.rowfile import CheckedLine
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import HEADER, check_upload, run_import, write_file
from cadencia.projects.services import project_default


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("cp1252", b"", "\r\n")],
)
def test_parallel_check_gives_the_same_report(
    tmp_path: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    encoding: str,
    bom: bytes,
    newline: str,
) -> None:
    """Segments cut between rows: quoted line breaks, blank lines and duplicates across them."""
    from cadencia.contacts.importing import parallel

    database = ContactDatabaseFactory.create(projects=[project_default()])
    rows = [f'"Peña {i}{newline}segunda línea",35162194{i:02d},,D{i % 7},{i},' for i in range(20)]
    rows[5:5] = ["", "Mal,12,,X,1,"]
    text = newline.join([HEADER.strip(), *rows]) + newline
    path = write_file(tmp_path, bom + text.encode(encoding))

    def report() -> tuple[Any, ...]:
        contact_import = check_upload(database, path)
        lines = services._valid_rows_path(contact_import).read_text(encoding="utf-8")
        services.contact_import_cancel(contact_import=contact_import)
        return (
            contact_import.rows_valid,
            contact_import.problems,
            contact_import.rejected_by_reason,
            lines,
        )

    settings.CONTACT_IMPORT_WORKERS = 1
    serial = report()
    settings.CONTACT_IMPORT_WORKERS = 2
    settings.CONTACT_IMPORT_PARALLEL_BYTES = 0
    monkeypatch.setattr(parallel, "SEGMENT_ROWS", 3)  # duplicates cross segment borders
    assert report() == serial
    assert serial[0] == 7  # D0..D6 once each; the rest repeat an external ID or have no phone
    assert {(p["row"], p["reason"]) for p in serial[1]} >= {(13, "no valid phone")}
    first = CheckedLine.parse(serial[3].splitlines(keepends=True)[0])
    assert first.fields_dict()["nombre"] == f"Peña 0{newline}segunda línea"


def test_segments_are_cut_between_rows(tmp_path: Path) -> None:
    from cadencia.contacts.importing.reader import csv_segments

    text = 'a,b\n"x\ny",1\n\n"q""\n",2\nz,3\n'
    table = open_table(write_file(tmp_path, text), filename="t.csv", max_bytes=10**6)
    segments = list(csv_segments(table, 1))
    rows = [row for segment in segments for row in table.segment_rows(segment)]
    assert rows == list(table.rows()) == [(3, ["x\ny", "1"]), (6, ['q"\n', "2"]), (7, ["z", "3"])]
    assert segments[-1].end == len(text.encode())


def test_broken_line_is_reported_by_the_parallel_check(
    tmp_path: Path, database: ContactDatabase, settings: Any
) -> None:
    settings.CONTACT_IMPORT_PARALLEL_BYTES = 0
    settings.CONTACT_IMPORT_WORKERS = 2
    # UTF-8 for longer than the sample the encoding is detected on, then a byte that is not.
    good = "".join(f"Ana,35162{i:05d},,C{i},1,\n" for i in range(3000))
    path = write_file(tmp_path, (HEADER + good).encode() + b"B\xff\xfe,1,,X,1,\n")
    with pytest.raises(ValidationError, match="Line 3002 is not in the file's encoding"):
        run_import(database, path)
    assert Contact.objects.count() == 0


def test_parallel_check_reports_the_first_broken_line_in_the_importers_language(
    tmp_path: Path, database: ContactDatabase, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte not in the encoding (found by a worker) before a row the parser cannot read
    (found while cutting the file): the earlier one is reported, in Spanish."""
    from django.utils import translation

    from cadencia.contacts.importing import parallel

    settings.CONTACT_IMPORT_PARALLEL_BYTES = 0
    settings.CONTACT_IMPORT_WORKERS = 2
    monkeypatch.setattr(parallel, "SEGMENT_ROWS", 500)
    good = "".join(f"Ana,35162{i:05d},,C{i},1,\n" for i in range(3000))
    later = "".join(f"Luis,35163{i:05d},,D{i},1,\n" for i in range(600))  # next segment
    too_big = b"x" * 140_000  # over the csv module's field limit: it cannot read the row
    data = (HEADER + good).encode() + b"B\xff\xfe,1,,X,1,\n" + later.encode() + too_big + b"\n"
    with translation.override("es"), pytest.raises(ValidationError) as raised:
        run_import(database, write_file(tmp_path, data))
    assert "La línea 3002" in str(raised.value)
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_every_problem_is_counted_but_only_the_first_are_kept(
    tmp_path: Path,
    database: ContactDatabase,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
) -> None:
    from cadencia.contacts.importing import parallel, validate

    settings.CONTACT_IMPORT_WORKERS = workers
    settings.CONTACT_IMPORT_PARALLEL_BYTES = 0
    monkeypatch.setattr(parallel, "SEGMENT_ROWS", 4)
    monkeypatch.setattr(validate, "MAX_REPORTED", 3)
    monkeypatch.setattr(services, "MAX_REPORTED", 3)
    rows = "".join(f"Mal{i},12,,M{i},1,\n" for i in range(10)) + "Ana,3516219387,,A,x,\n"
    contact_import = check_upload(database, write_file(tmp_path, HEADER + rows))
    assert contact_import.rejected_by_reason == {
        "invalid phone": 10,
        "no valid phone": 10,
        "not a number": 1,
    }
    assert [(p["row"], p["reason"]) for p in contact_import.problems] == [
        (2, "not a valid number for %(region)s"),
        (2, "no valid phone"),
        (3, "not a valid number for %(region)s"),
    ]
