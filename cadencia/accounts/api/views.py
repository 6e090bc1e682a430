from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from cadencia.accounts import services
from cadencia.accounts.api.serializers import RoleSerializer
from cadencia.accounts.models import Role
from cadencia.core.api import ScopedModelViewSet


class RoleViewSet(ScopedModelViewSet):
    serializer_class = RoleSerializer
    ordering = "pk"

    def get_queryset(self) -> Any:
        return Role.objects.prefetch_related("permissions__content_type").order_by("pk")

    def _save(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.role_save(
                role=serializer.instance or Role(),
                name=data.get("name", getattr(serializer.instance, "name", "")),
                description=data.get(
                    "description", getattr(serializer.instance, "description", "")
                ),
                permissions=data.get("permissions"),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_destroy(self, instance: Role) -> None:
        try:
            services.role_delete(role=instance)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
