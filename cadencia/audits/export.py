"""The audit's downloads: a CSV of items (contact, answers one column per form field, agent,
campaign, decision, score), safe to open in a spreadsheet; and a ZIP of their recordings."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename

from cadencia.audits.models import AuditItem
from cadencia.campaigns.answers import answer_text
from cadencia.campaigns.models import FormVersion
from cadencia.console.models import Recording
from cadencia.contacts.models import ContactDatabase
from cadencia.core.downloads import csv_line_writer, neutralise

MAX_PHONES = 3
Progress = Callable[[int], None]


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def with_relations(items: QuerySet[AuditItem]) -> QuerySet[AuditItem]:
    return items.select_related(
        "campaign", "agent", "auditor", "contact", "disposition__option"
    ).order_by("managed_at", "pk")


def _columns(items: QuerySet[AuditItem]) -> tuple[list[tuple[str, str]], list[str]]:
    """The form fields (key, label) and contact columns of the items, each once, in order."""
    version_ids = items.order_by().values("disposition__form_version").distinct()
    fields: dict[str, str] = {}
    for version in FormVersion.objects.filter(pk__in=version_ids).order_by("form", "number"):
        for field in version.fields:
            fields.setdefault(field["key"], str(field["label"]))
    database_ids = items.order_by().values("contact__database").distinct()
    columns: list[str] = []
    for database in ContactDatabase.objects.filter(pk__in=database_ids).order_by("pk"):
        columns += [c["name"] for c in database.columns if c["name"] not in columns]
    return list(fields.items()), columns


def csv_lines(items: QuerySet[AuditItem], progress: Progress | None = None) -> Iterator[str]:
    """The CSV's lines for ``items`` (read in the caller's scope, a chunk at a time)."""
    fields, columns = _columns(items)
    writer = csv_line_writer()
    header = [
        "item",
        "status",
        "managed_at",
        "campaign",
        "agent",
        "disposition",
        "contact_external_id",
        *[f"phone_{i + 1}" for i in range(MAX_PHONES)],
        *[f"contact.{c}" for c in columns],
        *[f"answer.{label}" for _key, label in fields],
        "agent_notes",
        "auditor",
        "decided_at",
        "audit_note",
        "score",
    ]
    yield writer.writerow(header)
    for count, item in enumerate(with_relations(items).iterator(chunk_size=2000), start=1):
        contact, disposition = item.contact, item.disposition
        phones = (list(contact.phones) + [""] * MAX_PHONES)[:MAX_PHONES]
        values: list[Any] = [
            item.pk,
            item.get_status_display(),
            _when(item.managed_at),
            item.campaign.name,
            item.agent.username,
            disposition.option.name,
            contact.external_id,
            *phones,
            *[contact.fields.get(c) for c in columns],
            *[answer_text(disposition.answers.get(key)) for key, _label in fields],
            disposition.notes,
            item.auditor.username if item.auditor else "",
            _when(item.decided_at),
            item.note,
            "" if item.score is None else item.score,
        ]
        yield writer.writerow([neutralise(v) for v in values])
        if progress is not None and count % 500 == 0:
            progress(count)


def recording_name(
    *, external_id: str, contact_id: int, agent: str, call_at: Any, extension: str = "wav"
) -> str:
    """A recording's file name in downloads: whose, by whom, when (external-id_agent_time)."""
    contact = external_id or f"contact-{contact_id}"
    when = timezone.localtime(call_at).strftime("%Y%m%d-%H%M%S")
    return get_valid_filename(f"{contact}_{agent}_{when}.{extension}")


def _zip_name(row: dict[str, Any], used: set[str]) -> str:
    extension = row["file"].rsplit(".", 1)[1] if "." in row["file"] else "wav"
    name = recording_name(
        external_id=row["external_id"],
        contact_id=row["contact_id"],
        agent=row["agent"],
        call_at=row["call_at"],
        extension=extension,
    )
    stem, n = name, 2
    while name in used:
        name = stem.replace(f".{extension}", f"-{n}.{extension}")
        n += 1
    used.add(name)
    return name


def recordings_of(items: QuerySet[AuditItem]) -> Iterable[dict[str, Any]]:
    """Every recording of the items' calls (all versions: a redo keeps the earlier calls)."""
    return (
        Recording.objects.filter(call__dispositions__audit_item__in=items.order_by().values("pk"))
        .values(
            "pk",
            "file",
            call_at=F("call__created_at"),
            external_id=F("call__dispositions__audit_item__contact__external_id"),
            contact_id=F("call__dispositions__audit_item__contact_id"),
            agent=F("call__dispositions__audit_item__agent__username"),
            item=F("call__dispositions__audit_item__pk"),
        )
        .order_by("item", "call_at", "pk")
    )


def write_zip(
    items: QuerySet[AuditItem], target: IO[bytes], storage: Any, progress: Progress | None = None
) -> int:
    """Write the items' recordings to ``target`` as a ZIP; returns how many went in."""
    used: set[str] = set()
    count = 0
    seen_items: set[int] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for row in recordings_of(items):
            with (
                storage.open(row["file"], "rb") as source,
                archive.open(_zip_name(row, used), "w") as entry,
            ):
                while chunk := source.read(1024 * 1024):
                    entry.write(chunk)
            count += 1
            seen_items.add(row["item"])
            if progress is not None and count % 20 == 0:
                progress(len(seen_items))
    return count
