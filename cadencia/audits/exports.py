"""Exports asked for from the queue: small CSVs stream at once, larger ones and every ZIP of
recordings are built in the background and followed on their own page."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.audits.export import csv_lines, write_zip
from cadencia.audits.models import AuditExport, AuditItem

MAX_SELECTED = 100_000


def selection(item_ids: list[int], query: dict[str, Any], *, user: User) -> QuerySet[AuditItem]:
    """The items an export names (in the active scope): chosen ids, or the queue's filters."""
    from cadencia.audits.forms import filters_from_query
    from cadencia.audits.selectors import filtered

    if item_ids:
        return AuditItem.objects.filter(pk__in=item_ids)
    data = QueryDict(mutable=True)
    for key, values in query.items():
        data.setlist(key, values)
    return filtered(filters_from_query(data, user=user))


def export_request(
    *, user: User, kind: str, item_ids: list[int], query: dict[str, Any], scope: list[int] | None
) -> AuditExport:
    """Queue an export for ``user``; the task reads in ``scope`` (their projects)."""
    from cadencia.audits.tasks import audit_export_task

    if kind not in AuditExport.Kind.values:
        raise ValidationError({"kind": _("Choose a CSV or a ZIP of recordings.")})
    if len(item_ids) > MAX_SELECTED:
        raise ValidationError(
            _("At most %(n)d selected items; export all that match the filter instead.")
            % {"n": MAX_SELECTED}
        )
    total = selection(item_ids, query, user=user).count()
    if total == 0:
        raise ValidationError(_("No item matches: there is nothing to export."))
    export = AuditExport.objects.create(
        requested_by=user,
        kind=kind,
        scope_projects=scope if scope is not None else [],
        item_ids=item_ids,
        query=query,
        total=total,
    )
    transaction.on_commit(
        lambda: audit_export_task.enqueue(
            export_id=export.pk, scope_projects=scope, actor_id=user.pk
        )
    )
    return export


def _progress(export_id: int) -> Any:
    def report(done: int) -> None:
        AuditExport.objects.filter(pk=export_id).update(done=done)

    return report


def export_build(export_id: int) -> None:
    """Build the export's file (in the requester's scope, set by the task wrapper)."""
    export = AuditExport.objects.select_related("requested_by").get(pk=export_id)
    AuditExport.objects.filter(pk=export_id).update(status=AuditExport.Status.RUNNING)
    items = selection(export.item_ids, export.query, user=export.requested_by)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    try:
        with tempfile.TemporaryDirectory(prefix="cadencia-audit-") as folder:
            path = Path(folder) / "export"
            if export.kind == AuditExport.Kind.CSV:
                name = f"audit-{stamp}.csv"
                with path.open("w", encoding="utf-8", newline="") as target:
                    target.write("\ufeff")  # spreadsheets then read UTF-8
                    for line in csv_lines(items, _progress(export_id)):
                        target.write(line)
            else:
                name = f"audit-recordings-{stamp}.zip"
                with path.open("wb") as target:
                    write_zip(items, target, default_storage, _progress(export_id))
            with path.open("rb") as source:
                export.file.save(name, File(source), save=False)
    except (OSError, ValueError) as exc:
        AuditExport.objects.filter(pk=export_id).update(
            status=AuditExport.Status.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    AuditExport.objects.filter(pk=export_id).update(
        status=AuditExport.Status.DONE,
        file=export.file.name,
        done=export.total,
        finished_at=timezone.now(),
    )


def direct_limit() -> int:
    return int(settings.AUDIT_EXPORT_DIRECT_ROWS)
