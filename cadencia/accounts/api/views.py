from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

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


class TokenView(ObtainAuthToken):
    """Exchange a user name and password for the user's API token (200, not 201: nothing new
    is created when the token exists)."""

    @extend_schema(responses={200: inline_serializer("Token", {"token": serializers.CharField()})})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)
