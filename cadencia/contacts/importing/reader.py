"""Read an uploaded CSV or XLSX file as rows of strings, streaming, whatever its dialect.

CSV: any delimiter (sniffed among , ; tab |), quoted fields, UTF-8 with or without BOM, or
Windows-1252 / Latin-1 when the bytes are not UTF-8; with or without a header row.
XLSX: one sheet, chosen by name (the first by default).
"""

import codecs
import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000


class ReadError(ValueError):
    """The file cannot be read as a table; ``str()`` is the translated reason."""


class EncodingError(ReadError):
    """A line with bytes that are not in the file's encoding. Raised by check workers, which
    know no language: the reason is translated by ``str()``, where the error is shown."""

    def __init__(self, line: int, encoding: str | None) -> None:
        super().__init__(line, encoding)
        self.line = line
        self.encoding = encoding

    def __str__(self) -> str:
        return _not_in_encoding(self.line, self.encoding)


@dataclass
class Table:
    path: Path
    kind: str  # "csv", "xlsx" or "xls"
    columns: list[str]
    has_header: bool
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number in the file, cells) for every data row; blank rows are skipped."""
        return self._data(SHEET_ROWS.get(self.kind, _csv_rows)(self))

    def segment_rows(self, segment: "Segment") -> Iterator[tuple[int, list[str]]]:
        """The data rows of one segment of a CSV file (see ``csv_segments``)."""
        with self.path.open("rb") as handle:
            handle.seek(segment.start)
            data = handle.read(segment.end - segment.start)
        try:
            text = data.decode(self.encoding or "utf-8")
        except UnicodeDecodeError as exc:
            line = segment.first_line + data.count(b"\n", 0, exc.start)
            raise EncodingError(line, self.encoding) from exc
        return self._data(_parse_csv(self, io.StringIO(text, newline=""), segment.first_line - 1))

    def _data(self, source: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        for number, cells in source:
            if self.has_header and number == 1:
                continue
            joined = "".join(cells)
            if joined and not joined.isspace():
                yield number, cells


@dataclass(frozen=True)
class Segment:
    """Whole rows of a CSV file: bytes ``start`` to ``end``, starting on line ``first_line``."""

    start: int
    end: int
    first_line: int


def csv_segments(table: Table, rows: int) -> Iterator[Segment]:
    """Cut a CSV file into segments of ``rows`` rows, each starting where a row starts.

    The file is parsed here with the csv module itself (a quoted field may hold line breaks, so
    a line break is not always a row's end), and read as Latin-1: one character per byte, so
    lengths are byte offsets with no decoding work, and quotes, delimiters and line breaks are
    the same bytes in UTF-8 and Windows-1252. The file's own encoding is checked where each
    segment is decoded (``segment_rows``). Raises ReadError for a row the csv module cannot
    read, in file order."""
    offset = 0

    def counted(handle: Any) -> Iterator[str]:
        nonlocal offset
        for line in handle:
            offset += len(line)
            yield line

    start, first_line, count = 0, 1, 0
    with table.path.open("rb") as raw:
        if table.encoding == "utf-8-sig" and raw.read(3) != codecs.BOM_UTF8:
            raw.seek(0)  # the BOM is no row's text: the parser starts after it
        offset = raw.tell()
        handle = io.TextIOWrapper(raw, encoding="latin-1", newline="")
        reader = csv.reader(counted(handle), delimiter=table.delimiter or ",")
        try:
            for _cells in reader:
                count += 1
                if count == rows:
                    yield Segment(start, offset, first_line)
                    start, first_line, count = offset, reader.line_num + 1, 0
        except csv.Error as exc:
            raise ReadError(_cannot_read(reader.line_num, exc)) from exc
    if count:
        yield Segment(start, offset, first_line)


def open_table(
    path: Path,
    *,
    filename: str,
    max_bytes: int,
    has_header: bool | None = None,
    sheet: str | None = None,
) -> Table:
    size = path.stat().st_size
    if size == 0:
        raise ReadError(_("The file is empty."))
    if size > max_bytes:
        raise ReadError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1e6, 1), "limit": round(max_bytes / 1e6, 1)}
        )
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if filename.lower().endswith(".xlsx") or head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, has_header=has_header, sheet=sheet)
    if filename.lower().endswith(".xls") or head.startswith(OLE2_MAGIC):
        return _open_xls(path, has_header=has_header, sheet=sheet)
    return _open_csv(path, head, has_header=has_header)


def _detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a sample may end inside a character
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _open_csv(path: Path, head: bytes, *, has_header: bool | None) -> Table:
    if b"\x00" in head:
        raise ReadError(_("This is not a text (CSV) file: it contains binary data."))
    encoding = _detect_encoding(head)
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table = Table(path=path, kind="csv", columns=[], has_header=False, encoding=encoding)
    table.delimiter = delimiter
    first = next(_csv_rows(table), None)
    if first is None:
        raise ReadError(_("The file has no rows."))
    if has_header is None:
        has_header = _guess_header(table, sample)
    table.has_header = has_header
    table.columns = _column_names(first[1], has_header)
    return table


def _csv_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    with table.path.open(encoding=table.encoding, newline="") as handle:
        yield from _parse_csv(table, handle, 0)


def _parse_csv(table: Table, lines: Any, before: int) -> Iterator[tuple[int, list[str]]]:
    """Rows of CSV text with their line numbers (``before``: lines of the file before it)."""
    reader = csv.reader(lines, delimiter=table.delimiter or ",")
    try:
        for cells in reader:
            if sum(map(len, cells)) > MAX_CELL_CHARS:  # only then can a cell be too long
                cells = [cell[:MAX_CELL_CHARS] for cell in cells]
            yield before + reader.line_num, cells
    except UnicodeDecodeError as exc:
        raise EncodingError(before + reader.line_num + 1, table.encoding) from exc
    except csv.Error as exc:
        raise ReadError(_cannot_read(before + reader.line_num, exc)) from exc


def _not_in_encoding(line: int, encoding: str | None) -> str:
    return _("Line %(line)s is not in the file's encoding (%(encoding)s).") % {
        "line": line,
        "encoding": encoding,
    }


def _cannot_read(line: int, reason: object) -> str:
    return _("Line %(line)s cannot be read: %(reason)s") % {"line": line, "reason": reason}


def _phone_like(cell: str) -> bool:
    return sum(ch.isdigit() for ch in cell) >= 6


def _guess_header(table: Table, sample: str) -> bool:
    """Sniffer's guess, or: the first row is all text with no phone-like cell while a later row
    has one (a contact list's phone column under its title)."""
    try:
        if csv.Sniffer().has_header(sample):
            return True
    except csv.Error:
        pass
    rows = [cells for _n, cells in itertools.islice(_csv_rows(table), 20)]
    if len(rows) < 2 or not all(cell.strip() for cell in rows[0]):
        return False
    if any(_phone_like(cell) for cell in rows[0]):
        return False
    return any(_phone_like(cell) for row in rows[1:] for cell in row)


def _column_names(cells: list[str], has_header: bool) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise ReadError(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
    if not has_header:
        return [f"column_{i}" for i in range(1, len(cells) + 1)]
    names: list[str] = []
    for i, cell in enumerate(cells, start=1):
        name = cell.strip() or f"column_{i}"
        while name in names:
            name = f"{name}_{i}"
        names.append(name)
    return names


def _open_xlsx(path: Path, *, has_header: bool | None, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ReadError(_("This is not a readable XLSX file.")) from exc
    sheets = list(workbook.sheetnames)
    workbook.close()
    return _sheet_table(path, "xlsx", sheets, has_header=has_header, sheet=sheet)


def _open_xls(path: Path, *, has_header: bool | None, sheet: str | None) -> Table:
    """A legacy Excel (97-2003) workbook, read with xlrd."""
    import xlrd

    try:
        workbook = xlrd.open_workbook(path, on_demand=True)
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, OSError, ValueError, AssertionError) as exc:
        raise ReadError(_("This is not a readable Excel (XLS) file.")) from exc
    sheets = list(workbook.sheet_names())
    workbook.release_resources()
    return _sheet_table(path, "xls", sheets, has_header=has_header, sheet=sheet)


def _sheet_table(
    path: Path, kind: str, sheets: list[str], *, has_header: bool | None, sheet: str | None
) -> Table:
    """The table of one sheet of a workbook, with the same checks for every workbook format."""
    if not sheets:
        raise ReadError(_("The workbook has no sheets."))
    chosen = sheet or sheets[0]
    if chosen not in sheets:
        raise ReadError(
            _("The workbook has no sheet “%(sheet)s”; its sheets are: %(sheets)s.")
            % {"sheet": chosen, "sheets": ", ".join(sheets)}
        )
    table = Table(path=path, kind=kind, columns=[], has_header=True, sheet=chosen, sheets=sheets)
    first = next(SHEET_ROWS[kind](table), None)
    if first is None:
        raise ReadError(_("The sheet “%(sheet)s” has no rows.") % {"sheet": chosen})
    table.has_header = True if has_header is None else has_header
    table.columns = _column_names(first[1], table.has_header)
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)[:MAX_CELL_CHARS]


def _xlsx_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(table.path, read_only=True, data_only=True)
    try:
        sheet = workbook[table.sheet or workbook.sheetnames[0]]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            yield number, cells
    finally:
        workbook.close()


def _xls_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    import xlrd

    workbook = xlrd.open_workbook(table.path, on_demand=True)
    try:
        sheet = workbook.sheet_by_name(table.sheet or workbook.sheet_names()[0])
        for index in range(sheet.nrows):
            cells = [_xls_cell_text(cell, workbook.datemode) for cell in sheet.row(index)]
            while cells and cells[-1] == "":
                cells.pop()
            yield index + 1, cells
    finally:
        workbook.release_resources()


def _xls_cell_text(cell: Any, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return _cell_text(cell.value)


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHEET_ROWS: dict[str, Callable[[Table], Iterator[tuple[int, list[str]]]]] = {
    "xlsx": _xlsx_rows,
    "xls": _xls_rows,
}
