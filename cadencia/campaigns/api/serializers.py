from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadencia.campaigns.choices import CampaignState
from cadencia.campaigns.models import (
    Campaign,
    DispositionOption,
    ExternalSite,
    ExternalSystem,
    Form,
    PauseReason,
)
from cadencia.projects.api.ownership import SingleProjectSerializer
from cadencia.projects.api.serializers import MembersField


@extend_schema_field(OpenApiTypes.INT)
class ScopedFormField(serializers.PrimaryKeyRelatedField):
    """A form id, looked up through the scoped manager when the request is validated: another
    project's form is refused like an unknown one."""

    def get_queryset(self) -> Any:
        return Form.objects.all()


class OptionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    form = ScopedFormField(required=False, allow_null=True)

    class Meta:
        model = DispositionOption
        fields = ["id", "name", "kind", "form", "positive", "hidden", "position"]
        read_only_fields = ["position"]
        # Uniqueness is checked by the service over the whole list.
        validators: list[Any] = []


class OptionsSerializer(serializers.Serializer[Any]):
    options = OptionSerializer(many=True)


class CampaignSerializer(SingleProjectSerializer):
    options = OptionSerializer(many=True, read_only=True)
    agents = MembersField(many=True, read_only=True)
    supervisors = MembersField(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "type",
            "state",
            "wizard_step",
            "is_template",
            "project",
            "contact_database",
            "duplicate_policy",
            "interaction",
            "external_site",
            "address_column",
            "record_calls",
            "objective",
            "external_system",
            "external_id",
            "outbound_route",
            "caller_id",
            "schedule",
            "script",
            "hidden_columns",
            "readonly_columns",
            "preview_hold_seconds",
            "pacing",
            "max_lines_per_agent",
            "target_abandon_rate",
            "ring_timeout_seconds",
            "retries",
            "time_zone_column",
            "queue_strategy",
            "max_wait_seconds",
            "on_timeout",
            "timeout_campaign",
            "wrap_up_seconds",
            "service_level_seconds",
            "options",
            "agents",
            "supervisors",
            "created_at",
        ]
        read_only_fields = ["state", "wizard_step", "is_template", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # The type shapes the campaign: chosen at creation, fixed after.
            self.fields["type"].read_only = True

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and "type" not in attrs:
            raise serializers.ValidationError({"type": "This field is required."})
        return attrs


class PeopleSerializer(serializers.Serializer[Any]):
    agents = MembersField(many=True)
    supervisors = MembersField(many=True)


class TransitionSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=CampaignState.choices)


class NameSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)


class FormSerializer(SingleProjectSerializer):
    fields_definition = serializers.JSONField(
        source="definition", required=False, help_text="Ordered field definitions."
    )
    version = serializers.IntegerField(read_only=True, source="version_number")

    class Meta:
        model = Form
        fields = [
            "id",
            "name",
            "description",
            "project",
            "fields_definition",
            "version",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class AnswersSerializer(serializers.Serializer[Any]):
    answers = serializers.JSONField()


class AnswersResultSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    answers = serializers.DictField()


class PauseReasonSerializer(SingleProjectSerializer):
    class Meta:
        model = PauseReason
        fields = ["id", "name", "productive", "project", "created_at"]
        read_only_fields = ["created_at"]


class ExternalSiteSerializer(SingleProjectSerializer):
    has_auth_token = serializers.SerializerMethodField()

    class Meta:
        model = ExternalSite
        fields = [
            "id",
            "name",
            "url_template",
            "method",
            "target",
            "auth_token",
            "has_auth_token",
            "project",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"auth_token": {"write_only": True}}

    def get_has_auth_token(self, obj: ExternalSite) -> bool:
        return bool(obj.auth_token)


class ExternalSystemSerializer(SingleProjectSerializer):
    token = serializers.SerializerMethodField(
        help_text="The system's token: only in the answer that created or reset it."
    )

    class Meta:
        model = ExternalSystem
        fields = ["id", "name", "agent_map", "token_prefix", "token", "project", "created_at"]
        read_only_fields = ["token_prefix", "created_at"]

    def get_token(self, obj: ExternalSystem) -> str | None:
        return getattr(obj, "new_token", None)
