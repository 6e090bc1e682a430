"""Turn a table's rows into contacts to write, or problems naming row, column, value and reason."""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadencia.contacts.choices import ColumnType
from cadencia.contacts.importing.phones import (
    KEPT_AS_DIALED,
    PhonePolicy,
    dialed_digits,
    e164_or_reason,
)
from cadencia.contacts.importing.rowfile import encode, json_string

MAX_EXTERNAL_ID = 100
MAX_REPORTED = 1000  # problems kept in detail per import; all are counted by reason
FLOAT_DIGITS = 15
_NUMBER = re.compile(r"^-?\d{1,3}(?:[.,\s]?\d{3})*(?:[.,]\d+)?$|^-?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class Mapping:
    phone_columns: list[str]
    external_id_column: str = ""
    column_types: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    phone_policy: str = PhonePolicy.STRICT

    def check(self, columns: list[str]) -> list[str]:
        """Errors in the mapping itself (unknown columns, no phone column)."""
        errors = []
        if not self.phone_columns:
            errors.append(_("Choose at least one phone column."))
        named = [
            *self.phone_columns,
            *([self.external_id_column] if self.external_id_column else []),
        ]
        named += list(self.column_types) + list(self.ignored)
        listed = ", ".join(f"“{c}”" for c in columns)
        for name in named:
            if name not in columns:
                errors.append(
                    _("The file has no column “%(column)s”; its columns are %(columns)s.")
                    % {"column": name, "columns": listed}
                )
        if self.phone_policy not in PhonePolicy.values:
            errors.append(
                _("“%(policy)s” is not a phone policy (strict or keep).")
                % {"policy": self.phone_policy}
            )
        for name, kind in self.column_types.items():
            if kind not in ColumnType.values:
                errors.append(
                    _("“%(type)s” is not a column type (column “%(column)s”).")
                    % {"type": kind, "column": name}
                )
        return errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "phone_columns": self.phone_columns,
            "external_id_column": self.external_id_column,
            "column_types": self.column_types,
            "ignored": self.ignored,
            "phone_policy": self.phone_policy,
        }


@dataclass
class Problem:
    """One problem of one row. ``reason`` (a message id) and ``params`` are translated when the
    report is shown, so it reads in the reader's language, not the importer's."""

    row: int
    column: str
    value: str
    reason: str
    rejected: bool  # False: the value was dropped but the row is imported
    params: dict[str, Any] = field(default_factory=dict)
    summary: str = ""  # the reason counted in "problems by reason"; the reason itself if empty

    def as_tuple(self) -> tuple[Any, ...]:
        """Cheap to send between processes (a dataclass is slow to unpickle); ``Problem(*t)``."""
        return (
            self.row,
            self.column,
            self.value,
            self.reason,
            self.rejected,
            self.params,
            self.summary,
        )

    def counted_as(self) -> str:
        """The reason this problem is counted under in "problems by reason"."""
        return counted_as(self.reason, self.summary)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value[:100],
            "reason": self.reason,
            "params": self.params,
            "rejected": self.rejected,
        }


def counted_as(reason: str, summary: str) -> str:
    return summary or SUMMARIES.get(reason, reason)


def describe(problem: dict[str, Any]) -> str:
    """A stored problem's reason in the active language."""
    reason = _(problem["reason"])
    params = problem.get("params")
    return reason % params if params else reason


def _number(value: str) -> int | float:
    text = value.strip().replace(" ", "")
    if not _NUMBER.match(text):
        raise ValueError(value)
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    elif "," in text:
        text = text.replace(",", ".")
    if "." not in text:
        return int(text)
    if len(text) <= FLOAT_DIGITS:  # a float holds it exactly enough: 3x faster than Decimal
        number = float(text)
        return int(number) if number.is_integer() else number
    try:
        exact = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    return int(exact) if exact == exact.to_integral_value() else float(exact)


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _date(value: str) -> str:
    """YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY as ISO (strptime is 10x slower)."""
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(value)
    year, month, day = match.group(1, 2, 3) if match.group(1) else (match[6], match[5], match[4])
    return dt.date(int(year), int(month), int(day)).isoformat()


def _time(value: str) -> str:
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(value)
    return dt.time(int(match[1]), int(match[2]), int(match[3] or 0)).isoformat("minutes")


def _text(value: str) -> str:
    return value.strip()


CONVERTERS: dict[str, Any] = {
    ColumnType.TEXT: _text,
    ColumnType.NUMBER: _number,
    ColumnType.DATE: _date,
    ColumnType.TIME: _time,
}


# The same conversions, straight to JSON text, for the checked-rows file (an import's hot path).
JSON_CONVERTERS: dict[str, Any] = {
    ColumnType.TEXT: lambda value: json_string(value.strip()),
    ColumnType.NUMBER: lambda value: repr(_number(value)),
    ColumnType.DATE: lambda value: f'"{_date(value)}"',
    ColumnType.TIME: lambda value: f'"{_time(value)}"',
}


def convert(value: str, kind: str) -> Any:
    """A cell as the column's type; raises ValueError with no message for a bad value."""
    if value.strip() == "":
        return None
    return CONVERTERS[kind](value)


TYPE_REASONS: dict[str, str] = {
    ColumnType.NUMBER: gettext_noop("not a number"),
    ColumnType.DATE: gettext_noop("not a date (YYYY-MM-DD or DD/MM/YYYY)"),
    ColumnType.TIME: gettext_noop("not a time (HH:MM)"),
}


# Reasons are message ids, translated when the report is read (see ``describe``).
TOO_MANY_COLUMNS = gettext_noop("too many columns (%(found)s, expected %(expected)s)")
ID_TOO_LONG = gettext_noop("external ID too long")
NO_VALID_PHONE = gettext_noop("no valid phone")
INVALID_PHONE = gettext_noop("invalid phone")
KEPT_SUMMARY = gettext_noop("phones kept as dialed (unverified)")
DUPLICATE_IN_FILE = gettext_noop("duplicate external ID in the file (first on row %(row)s)")
# Counted under a reason without the row's details.
SUMMARIES = {
    TOO_MANY_COLUMNS: gettext_noop("too many columns"),
    DUPLICATE_IN_FILE: gettext_noop("duplicate external ID in the file"),
}


# Encoded valid rows, their row numbers and external IDs, the first problems as tuples, rows
# read, and every problem counted by reason.
Chunk = tuple[str, list[int], list[str], list[tuple[Any, ...]], int, dict[str, int]]
CHUNK_ROWS = 5_000


@dataclass
class CheckedBatch:
    """Checked rows, in file order: the valid ones encoded for the checked-rows file."""

    text: str
    read: int
    valid: int
    problems: list[Problem]


class RowValidator:
    """Validates rows one at a time. Each row is checked on its own (so chunks of rows can be
    checked in parallel); ``check_duplicate`` compares with the rows seen before, in order."""

    def __init__(self, columns: list[str], mapping: Mapping, region: str) -> None:
        self.columns = columns
        self.mapping = mapping
        self.region = region
        self.index = {name: i for i, name in enumerate(columns)}
        self.seen_ids: dict[str, int] = {}
        self.other_columns = [
            c
            for c in columns
            if c not in mapping.phone_columns
            and c != mapping.external_id_column
            and c not in mapping.ignored
        ]
        self.reasons: Counter[str] = Counter()
        # Positions and converters worked out once: validate() runs for every row of the file.
        self.phone_cells = [(self.index[c], c) for c in mapping.phone_columns]
        self.keep_dialed = mapping.phone_policy == PhonePolicy.KEEP
        self.id_cell = self.index[mapping.external_id_column] if mapping.external_id_column else -1
        self.field_cells = [
            (self.index[c], c, f"{json_string(c)}:", JSON_CONVERTERS[self._kind(c)])
            for c in self.other_columns
        ]

    def _kind(self, column: str) -> str:
        return self.mapping.column_types.get(column, ColumnType.TEXT)

    def validate(
        self, number: int, cells: list[str]
    ) -> tuple[str | None, str, list[tuple[Any, ...]]]:
        """One row: its line for the checked-rows file (None when it is rejected), its external
        ID and its problems (as ``Problem.as_tuple()``: millions of rows pass here)."""
        problems: list[tuple[Any, ...]] = []
        width = len(cells)
        if width > len(self.columns):
            found = {"found": width, "expected": len(self.columns)}
            return self._reject(problems, number, "", "", TOO_MANY_COLUMNS, found)
        external_id = ""
        if self.id_cell >= 0 and self.id_cell < width:
            external_id = cells[self.id_cell].strip()
            if len(external_id) > MAX_EXTERNAL_ID:
                column = self.mapping.external_id_column
                return self._reject(problems, number, column, external_id, ID_TOO_LONG)
        phones: list[str] = []
        for i, column in self.phone_cells:
            value = cells[i] if i < width else ""
            if not value or value.isspace():
                continue
            phone, reason, details = e164_or_reason(value, self.region)
            if reason and self.keep_dialed and (phone := dialed_digits(value)):
                params = {"region": self.region}
                problems.append(
                    (number, column, value, KEPT_AS_DIALED, False, params, KEPT_SUMMARY)
                )
            elif reason:
                problems.append((number, column, value, reason, False, details, INVALID_PHONE))
                continue
            if phone not in phones:
                phones.append(phone)
        if not phones:
            columns = ", ".join(self.mapping.phone_columns)
            # The cells looked at, so the report shows what was there, not an empty value.
            looked_at = " | ".join(
                (cells[i] if i < width else "").strip() for i, _column in self.phone_cells
            )
            return self._reject(problems, number, columns, looked_at, NO_VALID_PHONE)
        fields: list[str] = []
        for i, column, key, converter in self.field_cells:
            value = cells[i] if i < width else ""
            if not value or value.isspace():
                fields.append(f"{key}null")
                continue
            try:
                fields.append(key + converter(value))
            except ValueError:
                reason = TYPE_REASONS[self._kind(column)]
                return self._reject(problems, number, column, value, reason)
        return encode(external_id, phones, f"{{{','.join(fields)}}}"), external_id, problems

    def check_chunk(self, rows: Iterable[tuple[int, list[str]]]) -> Chunk:
        """Check rows on their own (any process may do it): the valid ones come back encoded."""
        lines: list[str] = []
        numbers: list[int] = []
        ids: list[str] = []
        problems: list[tuple[Any, ...]] = []
        reasons: Counter[str] = Counter()
        read = 0
        for number, cells in rows:
            read += 1
            line, external_id, row_problems = self.validate(number, cells)
            if row_problems:
                # Every problem is counted; only the first ones can reach the report.
                for problem in row_problems:
                    reasons[counted_as(problem[3], problem[6])] += 1
                    if len(problems) < MAX_REPORTED:
                        problems.append(problem)
            if line is not None:
                lines.append(line)
                numbers.append(number)
                ids.append(external_id)
        return "".join(lines), numbers, ids, problems, read, dict(reasons)

    def finish_chunk(self, chunk: Chunk) -> CheckedBatch:
        """The in-order part (call in file order): external IDs seen on earlier rows, counts."""
        text, numbers, ids, raw_problems, read, reasons = chunk
        self.reasons.update(reasons)
        problems = [Problem(*values) for values in raw_problems]
        duplicates: dict[int, Problem] = {}
        column = self.mapping.external_id_column
        for i, (number, external_id) in enumerate(zip(numbers, ids, strict=True)):
            if not external_id:
                continue
            first = self.seen_ids.setdefault(external_id, number)
            if first != number:
                params = {"row": first}
                duplicates[i] = Problem(
                    number, column, external_id, DUPLICATE_IN_FILE, True, params
                )
        if duplicates:
            kept = text.split("\n")[:-1]  # not splitlines(): fields may hold U+2028 and the like
            text = "".join(f"{line}\n" for i, line in enumerate(kept) if i not in duplicates)
            # Stable sort: a row's own problems stay before its duplicate.
            problems = sorted([*problems, *duplicates.values()], key=lambda p: p.row)
            self.reasons.update(problem.counted_as() for problem in duplicates.values())
        return CheckedBatch(text, read, len(numbers) - len(duplicates), problems)

    @staticmethod
    def _reject(
        problems: list[tuple[Any, ...]],
        number: int,
        column: str,
        value: str,
        reason: str,
        params: dict[str, Any] | None = None,
    ) -> tuple[None, str, list[tuple[Any, ...]]]:
        problems.append((number, column, value, reason, True, params or {}, ""))
        return None, "", problems


def check_rows(
    validator: RowValidator, rows: Iterator[tuple[int, list[str]]]
) -> Iterator[CheckedBatch]:
    """Every row checked in this process, in file order, a chunk at a time."""
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield validator.finish_chunk(validator.check_chunk(chunk))
