import re
import zoneinfo
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import validate_time_zone
from cadencia.projects.ownership import MultiProjectModel
from cadencia.resources.choices import NotificationChannel

SMS_MAX_LENGTH = 1600
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = {
    "contact_name": _("contact's name"),
    "contact_phone": _("contact's main phone"),
    "agent_name": _("agent's name"),
    "campaign_name": _("campaign's name"),
    "date": _("date of the event"),
    "time": _("time of the event"),
}


class Schedule(MultiProjectModel):
    """Working hours by weekday plus dated exceptions (holidays, special hours)."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    # {"0": [["09:00", "18:00"]], ...}: weekday (Monday = 0) → sorted, non-overlapping ranges.
    weekly_hours = models.JSONField(_("weekly hours"), default=dict, blank=True)
    # [{"date": "2026-12-25", "hours": [], "note": "Christmas"}]: empty hours = closed all day.
    exceptions = models.JSONField(_("exceptions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def hours_on(self, day: Any) -> list[list[str]]:
        for item in self.exceptions:
            if item["date"] == day.isoformat():
                return list(item["hours"])
        return list(self.weekly_hours.get(str(day.weekday()), []))

    def is_open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(zoneinfo.ZoneInfo(self.time_zone))
        now = local.strftime("%H:%M")
        return any(start <= now < end for start, end in self.hours_on(local.date()))


class NotificationTemplate(MultiProjectModel):
    """An e-mail or SMS text with placeholders such as {contact_name}."""

    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.channel == NotificationChannel.EMAIL and not self.subject.strip():
            errors.setdefault("subject", []).append(_("An e-mail template needs a subject."))
        if self.channel == NotificationChannel.SMS and len(self.body) > SMS_MAX_LENGTH:
            errors.setdefault("body", []).append(
                _("An SMS can have at most %(max)s characters.") % {"max": SMS_MAX_LENGTH}
            )
        for field in ("subject", "body"):
            unknown = sorted(set(PLACEHOLDER.findall(getattr(self, field))) - set(PLACEHOLDERS))
            if unknown:
                errors.setdefault(field, []).append(
                    _("Unknown placeholder(s): %(names)s. Available: %(available)s.")
                    % {
                        "names": ", ".join(f"{{{n}}}" for n in unknown),
                        "available": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
                    }
                )
        if errors:
            raise ValidationError(errors)

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        """Subject and body with placeholders replaced; missing values become empty."""

        def replace(match: re.Match[str]) -> str:
            return str(values.get(match[1], ""))

        return PLACEHOLDER.sub(replace, self.subject), PLACEHOLDER.sub(replace, self.body)
