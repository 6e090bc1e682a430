from typing import Any

from cadencia.crm import services
from cadencia.crm.api.serializers import ActionTypeSerializer, CrmSettingsSerializer
from cadencia.crm.models import ActionType, CrmSettings
from cadencia.projects.api.ownership import OwnedObjectViewSet


class ActionTypeViewSet(OwnedObjectViewSet):
    model = ActionType
    serializer_class = ActionTypeSerializer
    filterset_fields = ["name", "project"]

    def get_queryset(self) -> Any:
        return ActionType.objects.select_related("project").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.action_type_save(action_type=obj, project_ids=project_ids, user=self.acting_user())

    def perform_destroy(self, instance: ActionType) -> None:
        services.action_type_delete(action_type=instance)


class CrmSettingsViewSet(OwnedObjectViewSet):
    model = CrmSettings
    serializer_class = CrmSettingsSerializer
    filterset_fields = ["project"]

    def get_queryset(self) -> Any:
        return CrmSettings.objects.select_related("project").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.crm_settings_save(crm=obj, project_ids=project_ids, user=self.acting_user())

    def perform_destroy(self, instance: CrmSettings) -> None:
        services.crm_settings_delete(crm=instance)
