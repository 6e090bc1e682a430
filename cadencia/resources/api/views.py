from typing import Any

from cadencia.projects.api.ownership import OwnedObjectViewSet
from cadencia.resources import services
from cadencia.resources.api.serializers import NotificationTemplateSerializer, ScheduleSerializer
from cadencia.resources.models import NotificationTemplate, Schedule


class ScheduleViewSet(OwnedObjectViewSet):
    model = Schedule
    serializer_class = ScheduleSerializer
    filterset_fields = ["name", "projects"]

    def get_queryset(self) -> Any:
        return Schedule.objects.prefetch_related("projects").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.schedule_save(schedule=obj, project_ids=project_ids, user=self.acting_user())

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
            template=obj, project_ids=project_ids, user=self.acting_user()
        )

    def perform_destroy(self, instance: NotificationTemplate) -> None:
        services.notification_template_delete(template=instance)
