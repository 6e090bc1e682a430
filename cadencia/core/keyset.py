"""Keyset pages: the next page starts after the last row shown, so a deep page costs what the
first one does (an offset would read and skip every row before it).

Rows are ordered newest first by a date-time column and the primary key; the cursor is that
pair, written so it needs no escaping in a URL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)
_FORMAT = "%Y%m%dT%H%M%S.%f"


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next_after: str | None


def cursor(row: Any, field: str | None) -> str:
    if field is None:
        return str(row.pk)
    moment: datetime.datetime = getattr(row, field)
    return f"{moment.astimezone(datetime.UTC).strftime(_FORMAT)}_{row.pk}"


def _parse(after: str, field: str | None) -> Q | None:
    """The rows after a cursor; None when the cursor cannot be read (the first page)."""
    moment_text, _sep, pk_text = after.rpartition("_") if field else ("", "", after)
    if not pk_text.isdigit() or len(pk_text) > 18:
        return None
    pk = int(pk_text)
    if field is None:
        return Q(pk__lt=pk)
    try:
        moment = datetime.datetime.strptime(moment_text, _FORMAT).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
    # The first condition repeats what the rest imply, so PostgreSQL starts its index scan at
    # the cursor instead of reading (and filtering out) every newer row before it.
    return Q(**{f"{field}__lte": moment}) & (
        Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk})
    )


def keyset_page(
    rows: QuerySet[M], *, after: str = "", size: int = 50, field: str | None = None
) -> KeysetPage[M]:
    """A page of ``rows`` newest first by (``field``, pk), or by pk alone."""
    ordered = rows.order_by(f"-{field}", "-pk") if field else rows.order_by("-pk")
    condition = _parse(after[:64], field) if after else None
    if condition is not None:
        ordered = ordered.filter(condition)
    page = list(ordered[: size + 1])
    has_next = len(page) > size
    page = page[:size]
    return KeysetPage(page, cursor(page[-1], field) if has_next and page else None)
