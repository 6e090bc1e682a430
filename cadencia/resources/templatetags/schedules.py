from typing import Any

from django import template

from cadencia.resources.choices import Weekday
from cadencia.resources.hours import format_intervals

register = template.Library()


@register.filter
def weekly_rows(schedule: Any) -> list[tuple[str, str]]:
    return [
        (str(day.label), format_intervals(schedule.weekly_hours.get(str(day.value), [])))
        for day in Weekday
    ]
