from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadencia.core.api import ScopedReadOnlyViewSet
from cadencia.core.filtersets import ChangeLogFilterSet
from cadencia.core.models import ChangeLogEntry
from cadencia.core.selectors import changelog_entries


class ChangeLogEntrySerializer(serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()
    action = serializers.CharField(source="get_action_display")
    actor: serializers.StringRelatedField[Any] = serializers.StringRelatedField(allow_null=True)
    request_id = serializers.CharField()
    changes = serializers.JSONField(source="changes_dict")
    step = serializers.CharField(
        source="verb",
        help_text="A workflow step, e.g. contacts.import.retried; empty for plain saves.",
    )
    step_data = serializers.JSONField(source="additional_data", allow_null=True)

    class Meta:
        model = ChangeLogEntry
        fields = [
            "id",
            "timestamp",
            "actor",
            "source",
            "request_id",
            "action",
            "object_type",
            "object_pk",
            "object_repr",
            "projects",
            "changes",
            "step",
            "step_data",
        ]

    def get_object_type(self, entry: ChangeLogEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"


class ChangeLogViewSet(ScopedReadOnlyViewSet):
    """Read-only: no one edits or deletes change-log entries."""

    serializer_class = ChangeLogEntrySerializer
    filterset_class = ChangeLogFilterSet
    ordering = "-timestamp"

    def get_queryset(self) -> Any:
        return changelog_entries()
