"""Parsing and checking of opening hours written the way supervisors write them.

``"09:00-13:00, 14:00-18:00"`` is a day's hours; an empty string is closed. Exceptions are lines
``YYYY-MM-DD closed [note]`` or ``YYYY-MM-DD HH:MM-HH:MM[, ...] [note]``.
"""

import itertools
import re
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Interval = tuple[str, str]
_INTERVAL = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
_EXCEPTION = re.compile(
    r"^(\d{4}-\d{2}-\d{2})\s+(closed|cerrado|[\d:,\-\s]+?)(?:\s+([^\d].*))?$", re.I
)


def _parse_time(value: str) -> time:
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError as exc:
        raise ValidationError(_("“%(value)s” is not a time (HH:MM).") % {"value": value}) from exc


def parse_intervals(text: str) -> list[Interval]:
    """``"09:00-13:00, 14:00-18:00"`` → ``[("09:00", "13:00"), ("14:00", "18:00")]``."""
    intervals: list[Interval] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = _INTERVAL.match(part)
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a time range like 09:00-18:00.") % {"value": part}
            )
        start, end = _parse_time(match[1]), _parse_time(match[2])
        if start >= end:
            raise ValidationError(
                _("In “%(value)s” the end must be after the start.") % {"value": part}
            )
        intervals.append((start.strftime("%H:%M"), end.strftime("%H:%M")))
    intervals.sort()
    for (_s1, e1), (s2, _e2) in itertools.pairwise(intervals):
        if s2 < e1:
            raise ValidationError(_("Time ranges overlap: %(value)s.") % {"value": text.strip()})
    return intervals


def format_intervals(intervals: list[list[str]] | list[Interval]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in intervals)


def parse_exceptions(text: str) -> list[dict[str, object]]:
    """One exception per line; errors name the line number."""
    exceptions: list[dict[str, object]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _EXCEPTION.match(line)
        try:
            if not match:
                raise ValidationError(
                    _("write “YYYY-MM-DD closed” or “YYYY-MM-DD 09:00-13:00”, then a note.")
                )
            day = date.fromisoformat(match[1]).isoformat()
            if day in seen:
                raise ValidationError(_("the date %(date)s appears twice.") % {"date": day})
            seen.add(day)
            hours_text = match[2].strip()
            closed = hours_text.lower() in ("closed", "cerrado")
            hours = [] if closed else parse_intervals(hours_text)
        except ValueError as exc:
            raise ValidationError(
                _("Line %(line)s: %(reason)s")
                % {
                    "line": number,
                    "reason": _("“%(value)s” is not a date.") % {"value": match and match[1]},
                }
            ) from exc
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(line)s: %(reason)s") % {"line": number, "reason": " ".join(exc.messages)}
            ) from exc
        exceptions.append(
            {"date": day, "hours": [list(i) for i in hours], "note": (match[3] or "").strip()}
        )
    exceptions.sort(key=lambda e: str(e["date"]))
    return exceptions


def format_exceptions(exceptions: list[dict[str, object]]) -> str:
    lines = []
    for item in exceptions:
        hours = item.get("hours") or []
        text = format_intervals(hours) if hours else "closed"  # type: ignore[arg-type]
        note = f" {item['note']}" if item.get("note") else ""
        lines.append(f"{item['date']} {text}{note}")
    return "\n".join(lines)
