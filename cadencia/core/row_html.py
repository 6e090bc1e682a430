"""HTML drawn once per request and stamped on each row of a list.

A list draws the same buttons and forms on every row, only the row's id differs; reversing their
URLs and escaping their labels fifty times was a third of a search page. They are drawn once
around an id no database reaches, and each row gets a copy with its own id in its place."""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

PLACEHOLDER = 987654321987654321  # within 64 bits, so URL patterns take it like any id


def stamped(request: Any, key: Any, draw: Callable[[int], SafeString], pk: Any) -> SafeString:
    """``draw(pk)`` for this row: drawn once per request and ``key``, then stamped with ``pk``."""
    drawn: dict[Any, SafeString] = request.__dict__.setdefault("_cadencia_row_html", {})
    if key not in drawn:
        drawn[key] = draw(PLACEHOLDER)
    # Digits for digits in HTML that is already safe: it stays exactly as safe as it was.
    return mark_safe(drawn[key].replace(str(PLACEHOLDER), str(int(pk))))  # noqa: S308
