from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.forms import time_zone_choices
from cadencia.projects.forms import MultiProjectFormMixin
from cadencia.resources.choices import Weekday
from cadencia.resources.hours import (
    format_exceptions,
    format_intervals,
    parse_exceptions,
    parse_intervals,
)
from cadencia.resources.models import NotificationTemplate, Schedule

MAX_EXCEPTION_LINES = 1000


class ScheduleForm(MultiProjectFormMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)
    exceptions_text = forms.CharField(
        label=_("Exceptions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: “2026-12-25 closed Christmas” or “2026-12-24 09:00-13:00 Christmas Eve”."
        ),
    )

    class Meta:
        model = Schedule
        fields = ["name", "description", "time_zone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.CharField(
                label=day.label,
                required=False,
                max_length=200,
                initial=format_intervals(self.instance.weekly_hours.get(str(day.value), [])),
                help_text=_("e.g. 09:00-13:00, 14:00-18:00; empty = closed")
                if day == Weekday.MONDAY
                else "",
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
        self.fields["exceptions_text"].initial = format_exceptions(self.instance.exceptions)

    def weekday_fields(self) -> list[Any]:
        return [self[f"day_{day.value}"] for day in Weekday]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours: dict[str, list[list[str]]] = {}
        for day in Weekday:
            try:
                intervals = parse_intervals(cleaned.get(f"day_{day.value}", ""))
            except ValidationError as exc:
                self.add_error(f"day_{day.value}", exc)
                continue
            if intervals:
                hours[str(day.value)] = [list(i) for i in intervals]
        text = cleaned.get("exceptions_text", "")
        if len(text.splitlines()) > MAX_EXCEPTION_LINES:
            self.add_error(
                "exceptions_text",
                _("At most %(max)s exception lines.") % {"max": MAX_EXCEPTION_LINES},
            )
        else:
            try:
                self.instance.exceptions = parse_exceptions(text)
            except ValidationError as exc:
                self.add_error("exceptions_text", exc)
        self.instance.weekly_hours = hours
        return cleaned


class NotificationTemplateForm(MultiProjectFormMixin, forms.ModelForm):
    class Meta:
        model = NotificationTemplate
        fields = ["name", "channel", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
