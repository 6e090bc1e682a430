from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadencia.projects.api.ownership import MultiProjectSerializer, SingleProjectSerializer
from cadencia.telephony.models import OutboundRoute, SipTrunk


class SipTrunkSerializer(MultiProjectSerializer):
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Stored encrypted; never returned. Omit to keep the current one.",
    )
    has_password = serializers.SerializerMethodField()

    class Meta:
        model = SipTrunk
        fields = [
            "id",
            "name",
            "host",
            "port",
            "transport",
            "username",
            "password",
            "has_password",
            "register",
            "max_channels",
            "projects",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def get_has_password(self, obj: SipTrunk) -> bool:
        return bool(obj.password_encrypted)


@extend_schema_field(OpenApiTypes.INT)
class ScopedTrunkField(serializers.PrimaryKeyRelatedField):
    """A trunk id the requester can see; another project's trunk is refused like an unknown one."""

    def get_queryset(self) -> Any:
        return SipTrunk.objects.all()


class OutboundRouteSerializer(SingleProjectSerializer):
    trunks = serializers.ListField(
        child=ScopedTrunkField(),
        required=False,
        write_only=True,
        help_text="Trunk ids in failover order.",
    )

    class Meta:
        model = OutboundRoute
        fields = ["id", "name", "patterns", "trunks", "project", "created_at"]
        read_only_fields = ["created_at"]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["trunks"] = [t.pk for t in instance.ordered_trunks()]
        return data


class DialPreviewSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=40)


class DialPreviewResultSerializer(serializers.Serializer[Any]):
    matched = serializers.BooleanField()
    pattern = serializers.CharField(allow_null=True)
    number = serializers.CharField(allow_null=True, help_text="The number the trunk receives.")
    trunks = serializers.ListField(child=serializers.IntegerField(), help_text="In failover order.")
