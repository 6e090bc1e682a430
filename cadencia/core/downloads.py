"""What every download shares: CSV lines written one at a time (to stream them), and cells a
spreadsheet would run as a formula neutralised (CSV injection)."""

import csv
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """Prefix a quote to cells a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_line_writer() -> Any:
    """A csv writer whose ``writerow`` returns the line instead of writing it somewhere."""
    return csv.writer(_Line())
