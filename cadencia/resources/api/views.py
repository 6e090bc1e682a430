from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from cadencia.core.api import ScopedModelViewSet
from cadencia.resources import services
from cadencia.resources.api.serializers import NotificationTemplateSerializer, ScheduleSerializer
from cadencia.resources.models import NotificationTemplate, Schedule


class OwnedObjectViewSet(ScopedModelViewSet):
    """Writes go through the app's services; projects are merged as in the web forms."""

    ordering = "pk"
    model: Any

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        raise NotImplementedError

    def _save(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "projects"}
        obj = serializer.instance or self.model()
        for name, value in data.items():
            setattr(obj, name, value)
        try:
            self.save_object(obj, serializer.resolved_project_ids())
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        serializer.instance = obj

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)


class ScheduleViewSet(OwnedObjectViewSet):
    model = Schedule
    serializer_class = ScheduleSerializer
    filterset_fields = ["name", "projects"]

    def get_queryset(self) -> Any:
        return Schedule.objects.prefetch_related("projects").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.schedule_save(schedule=obj, project_ids=project_ids, user=self.request.user)

    def perform_destroy(self, instance: Schedule) -> None:
        services.schedule_delete(schedule=instance)


class NotificationTemplateViewSet(OwnedObjectViewSet):
    model = NotificationTemplate
    serializer_class = NotificationTemplateSerializer
    filterset_fields = ["name", "channel", "projects"]

    def get_queryset(self) -> Any:
        return NotificationTemplate.objects.prefetch_related("projects").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.notification_template_save(
            template=obj, project_ids=project_ids, user=self.request.user
        )

    def perform_destroy(self, instance: NotificationTemplate) -> None:
        services.notification_template_delete(template=instance)
