"""Downloads of searches as CSV or XLSX, safe to open in a spreadsheet.

An app registers a source (``register(ExportSource(...))``): a name, the permissions (any one)
and a function giving the ``Table`` a search's filters select. A download that holds at most
``EXPORT_DIRECT_ROWS`` rows is answered at once (CSV streamed; XLSX written to a temporary
file); a larger one is an ``Export`` built by the task worker in the requester's scope, with its
progress on its own page. Rows are read a chunk at a time and written as they come, so memory
stays bounded whatever the size.
"""

from __future__ import annotations

import datetime
import tempfile
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import parse_qs

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cadencia.core.downloads import csv_line_writer, neutralise
from cadencia.core.models import Export
from cadencia.core.scoping import ScopeValue, active_scope, project_scope

PROGRESS_EVERY = 1000
NOTHING = gettext_lazy("Nothing matches these filters: there is nothing to download.")
MAX_QUERY = 4000
Progress = Callable[[int], None]


class Table(Protocol):
    """What a download holds: a header, a row count and rows read a chunk at a time."""

    header: list[str]

    def count(self) -> int: ...

    def rows(self) -> Iterable[list[Any]]: ...


@dataclass(frozen=True)
class ExportSource:
    name: str
    title: str | Promise
    permissions: tuple[str, ...]  # any one of them
    table: Callable[[QueryDict, Any], Table]  # (filters, user) → Table; ValidationError if bad
    filename: str


SOURCES: dict[str, ExportSource] = {}


def register(source: ExportSource) -> ExportSource:
    if SOURCES.get(source.name, source) is not source:
        raise ValueError(f"export source {source.name!r} is registered twice")
    SOURCES[source.name] = source
    return source


def may_download(user: Any, source: ExportSource) -> bool:
    return any(user.has_perm(p) for p in source.permissions)


def source_for(name: str, user: Any) -> ExportSource:
    """The source a user may download; ValidationError if unknown, PermissionDenied if not."""
    source = SOURCES.get(name)
    if source is None:
        raise ValidationError({"source": _("There is no such download.")})
    if not may_download(user, source):
        raise PermissionDenied
    return source


def query_from_text(raw: str) -> dict[str, list[str]]:
    """A search's filters as a page's form carried them (its query string)."""
    if len(raw) > MAX_QUERY:
        raise ValidationError({"query": _("The filters are too long.")})
    return parse_qs(raw, keep_blank_values=False)


def query_dict(query: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in query.items():
        data.setlist(str(key), [str(v) for v in values])
    return data


def check_format(fmt: str) -> str:
    if fmt not in Export.Format.values:
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    return fmt


def direct_limit() -> int:
    return int(settings.EXPORT_DIRECT_ROWS)


def filename(source: ExportSource, fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"{source.filename}-{stamp}.{fmt}"


# ---- cells -------------------------------------------------------------------------------


def _text_cell(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return neutralise(value)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        # Spreadsheets have no time zones: the requester's local time, as the pages show it.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def csv_lines(table: Table, progress: Progress | None = None) -> Iterator[str]:
    writer = csv_line_writer()
    yield "\ufeff"  # spreadsheets then read UTF-8
    yield writer.writerow(table.header)
    count = 0
    for count, row in enumerate(table.rows(), start=1):
        yield writer.writerow([_text_cell(value) for value in row])
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress:
        progress(count)


def write_xlsx(table: Table, target: IO[bytes] | str, progress: Progress | None = None) -> None:
    """A write-only workbook: rows go to a temporary file as they come (bounded memory). Text
    cells are typed as text, so a value starting with "=" is shown, never run as a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(table.header)
    count = 0
    for count, row in enumerate(table.rows(), start=1):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    book.save(target)
    if progress:
        progress(count)


def scoped_lines(lines: Callable[[], Iterator[str]], scope: ScopeValue | None) -> Iterator[str]:
    """A streamed response runs after the request's scope has closed: open it again."""
    assert scope is not None  # noqa: S101 - called from a view, inside the request's scope
    with project_scope(scope):
        yield from lines()


def xlsx_file(table: Table) -> IO[bytes]:
    """A small XLSX built now, in a temporary file removed when the response closes it."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    write_xlsx(table, target)
    target.seek(0)
    return target


# ---- background exports ------------------------------------------------------------------


def scope_list() -> list[int] | None:
    scope = active_scope()
    return sorted(scope) if isinstance(scope, frozenset) else None


def export_request(
    *, user: Any, source: ExportSource, fmt: str, query: dict[str, list[str]]
) -> Export:
    """Queue a download for ``user``; the task reads in the scope of this request."""
    from cadencia.core.export_tasks import export_task

    check_format(fmt)
    total = source.table(query_dict(query), user).count()
    if total == 0:
        raise ValidationError(NOTHING)
    scope = scope_list()
    export = Export.objects.create(
        requested_by=user,
        source=source.name,
        format=fmt,
        scope_projects=scope,
        query=query,
        total=total,
    )
    transaction.on_commit(
        lambda: export_task.enqueue(export_id=export.pk, scope_projects=scope, actor_id=user.pk)
    )
    return export


def _progress(export_id: int) -> Progress:
    def report(done: int) -> None:
        Export.objects.filter(pk=export_id).update(done=done)

    return report


def export_build(export_id: int) -> None:
    """Build an export's file (in the requester's scope, opened by the task wrapper)."""
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    Export.objects.filter(pk=export_id).update(status=Export.Status.RUNNING)
    source = SOURCES[export.source]
    try:
        if not may_download(export.requested_by, source):
            raise PermissionDenied(_("The requester may no longer download this."))
        zone = zoneinfo.ZoneInfo(export.requested_by.time_zone or settings.TIME_ZONE)
        with timezone.override(zone):
            table = source.table(query_dict(export.query), export.requested_by)
            with tempfile.TemporaryDirectory(prefix="cadencia-export-") as folder:
                path = Path(folder) / "export"
                if export.format == Export.Format.CSV:
                    with path.open("w", encoding="utf-8", newline="") as target:
                        for line in csv_lines(table, _progress(export_id)):
                            target.write(line)
                else:
                    write_xlsx(table, str(path), _progress(export_id))
                with path.open("rb") as stored:
                    export.file.save(filename(source, export.format), File(stored), save=False)
    except (OSError, ValueError, ValidationError, PermissionDenied) as exc:
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    Export.objects.filter(pk=export_id).update(
        status=Export.Status.DONE,
        file=export.file.name,
        finished_at=timezone.now(),
    )
