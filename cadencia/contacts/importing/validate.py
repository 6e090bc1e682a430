"""Turn a table's rows into contacts to write, or problems naming row, column, value and reason."""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadencia.contacts.choices import ColumnType
from cadencia.contacts.importing.phones import PhoneError, normalise_phone

MAX_EXTERNAL_ID = 100
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S")
_NUMBER = re.compile(r"^-?\d{1,3}(?:[.,\s]?\d{3})*(?:[.,]\d+)?$|^-?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class Mapping:
    phone_columns: list[str]
    external_id_column: str = ""
    column_types: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

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
        for name in named:
            if name not in columns:
                errors.append(_("The file has no column “%(column)s”.") % {"column": name})
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
        }


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str
    rejected: bool  # False: the value was dropped but the row is imported

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value[:100],
            "reason": self.reason,
            "rejected": self.rejected,
        }


@dataclass
class ValidRow:
    row: int
    external_id: str
    phones: list[str]
    fields: dict[str, Any]


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
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    return int(number) if number == number.to_integral_value() else float(number)


def _parse(value: str, formats: tuple[str, ...]) -> dt.datetime:
    for fmt in formats:
        try:
            return dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    raise ValueError(value)


def convert(value: str, kind: str) -> Any:
    """A cell as the column's type; raises ValueError with no message for a bad value."""
    if value.strip() == "":
        return None
    if kind == ColumnType.NUMBER:
        return _number(value)
    if kind == ColumnType.DATE:
        return _parse(value, DATE_FORMATS).date().isoformat()
    if kind == ColumnType.TIME:
        return _parse(value, TIME_FORMATS).time().isoformat(timespec="minutes")
    return value.strip()


TYPE_REASONS: dict[str, str] = {
    ColumnType.NUMBER: gettext_noop("not a number"),
    ColumnType.DATE: gettext_noop("not a date (YYYY-MM-DD or DD/MM/YYYY)"),
    ColumnType.TIME: gettext_noop("not a time (HH:MM)"),
}


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

    def _cell(self, cells: list[str], column: str) -> str:
        i = self.index[column]
        return cells[i] if i < len(cells) else ""

    def validate(self, number: int, cells: list[str]) -> tuple[ValidRow | None, list[Problem]]:
        problems: list[Problem] = []
        if len(cells) > len(self.columns):
            reason = _("too many columns (%(found)s, expected %(expected)s)") % {
                "found": len(cells),
                "expected": len(self.columns),
            }
            return self._reject(problems, number, "", "", reason)
        external_id = ""
        if self.mapping.external_id_column:
            column = self.mapping.external_id_column
            external_id = self._cell(cells, column).strip()
            if len(external_id) > MAX_EXTERNAL_ID:
                return self._reject(
                    problems, number, column, external_id, _("external ID too long")
                )
        phones: list[str] = []
        for column in self.mapping.phone_columns:
            value = self._cell(cells, column)
            if not value.strip():
                continue
            try:
                phone = normalise_phone(value, self.region)
            except PhoneError as exc:
                problems.append(Problem(number, column, value, str(exc), rejected=False))
                continue
            if phone not in phones:
                phones.append(phone)
        if not phones:
            return self._reject(
                problems, number, ", ".join(self.mapping.phone_columns), "", _("no valid phone")
            )
        fields: dict[str, Any] = {}
        for column in self.other_columns:
            kind = self.mapping.column_types.get(column, ColumnType.TEXT)
            value = self._cell(cells, column)
            try:
                fields[column] = convert(value, kind)
            except ValueError:
                return self._reject(problems, number, column, value, _(TYPE_REASONS[kind]))
        return ValidRow(number, external_id, phones, fields), problems

    def finish(
        self, row: ValidRow | None, problems: list[Problem]
    ) -> tuple[ValidRow | None, list[Problem]]:
        """The in-order part of a row's check: duplicates against earlier rows, counts."""
        if row is not None:
            duplicate = self.check_duplicate(row)
            if duplicate is not None:
                problems = [*problems, duplicate]
                row = None
        self.count(problems)
        return row, problems

    def check_duplicate(self, row: ValidRow) -> Problem | None:
        """An external ID already seen earlier in the file rejects the row (call in file order)."""
        if not row.external_id:
            return None
        first = self.seen_ids.get(row.external_id)
        if first is None:
            self.seen_ids[row.external_id] = row.row
            return None
        reason = _("duplicate external ID in the file (first on row %(row)s)") % {"row": first}
        return Problem(row.row, self.mapping.external_id_column, row.external_id, reason, True)

    def count(self, problems: list[Problem]) -> None:
        for problem in problems:
            key = problem.reason.split(" (")[0] if problem.rejected else _("invalid phone")
            self.reasons[key] += 1

    @staticmethod
    def _reject(
        problems: list[Problem], number: int, column: str, value: str, reason: str
    ) -> tuple[None, list[Problem]]:
        problems.append(Problem(number, column, value, reason, rejected=True))
        return None, problems


def check_rows(
    validator: RowValidator, rows: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[ValidRow | None, list[Problem]]]:
    """Every row checked in file order, with the duplicate check and the reason counts."""
    for number, cells in rows:
        row, problems = validator.validate(number, cells)
        yield validator.finish(row, problems)
