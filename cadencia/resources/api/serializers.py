from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from cadencia.projects.api.ownership import MultiProjectSerializer
from cadencia.resources.hours import format_exceptions, parse_exceptions, parse_intervals
from cadencia.resources.models import NotificationTemplate, Schedule


class ScheduleSerializer(MultiProjectSerializer):
    class Meta:
        model = Schedule
        fields = [
            "id",
            "name",
            "description",
            "time_zone",
            "weekly_hours",
            "exceptions",
            "projects",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def validate_weekly_hours(self, value: Any) -> dict[str, list[list[str]]]:
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Expected an object keyed by weekday 0-6."))
        hours: dict[str, list[list[str]]] = {}
        for day, ranges in value.items():
            if str(day) not in {str(d) for d in range(7)}:
                raise serializers.ValidationError(
                    _("“%(day)s” is not a weekday (0 = Monday … 6).") % {"day": day}
                )
            if not isinstance(ranges, list) or not all(
                isinstance(r, list | tuple) and len(r) == 2 for r in ranges
            ):
                raise serializers.ValidationError(
                    _("Weekday %(day)s: expected [[start, end], ...].") % {"day": day}
                )
            text = ", ".join(f"{start}-{end}" for start, end in ranges)
            try:
                parsed = parse_intervals(text)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(
                    _("Weekday %(day)s: %(reason)s")
                    % {"day": day, "reason": " ".join(exc.messages)}
                ) from exc
            if parsed:
                hours[str(day)] = [list(i) for i in parsed]
        return hours

    def validate_exceptions(self, value: Any) -> list[dict[str, object]]:
        if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
            raise serializers.ValidationError(_("Expected a list of {date, hours, note}."))
        try:
            return parse_exceptions(format_exceptions(value))
        except (DjangoValidationError, KeyError, TypeError, ValueError) as exc:
            raise serializers.ValidationError(
                " ".join(getattr(exc, "messages", [str(exc)]))
            ) from exc


class NotificationTemplateSerializer(MultiProjectSerializer):
    class Meta:
        model = NotificationTemplate
        fields = ["id", "name", "channel", "subject", "body", "projects", "created_at"]
        read_only_fields = ["created_at"]
