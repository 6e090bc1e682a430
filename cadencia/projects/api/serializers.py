from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadencia.accounts.selectors import users_visible
from cadencia.projects.api.ownership import MultiProjectSerializer
from cadencia.projects.models import Membership, Project, SecuritySettings, UserGroup
from cadencia.projects.selectors import projects_visible


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "description", "created_at"]
        read_only_fields = ["created_at"]


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "project", "user", "created_at"]
        read_only_fields = ["created_at"]


class SecuritySettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SecuritySettings
        fields = ["mode", "default_project", "updated_at"]
        read_only_fields = ["default_project", "updated_at"]
        # The model's default would make "mode" optional; changing the mode must name one.
        extra_kwargs = {"mode": {"required": True}}


@extend_schema_field(OpenApiTypes.INT)
class MembersField(serializers.PrimaryKeyRelatedField):
    """User ids the requester can see; another project's user is refused like an unknown one."""

    def get_queryset(self) -> Any:
        return users_visible(user=self.context["request"].user)


class UserGroupSerializer(MultiProjectSerializer):
    members = MembersField(many=True, required=False)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = UserGroup
        fields = ["id", "name", "description", "members", "member_count", "projects", "created_at"]
        read_only_fields = ["created_at"]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        # Only the members the reader may see; the count is of those too.
        # Read once per response, not once per group (a list must not grow queries with rows).
        context: Any = self.context
        if "_visible_user_ids" not in context:
            users = users_visible(user=context["request"].user)
            context["_visible_user_ids"] = set(users.values_list("pk", flat=True))
        visible = context["_visible_user_ids"]
        data["members"] = [pk for pk in data["members"] if pk in visible]
        data["member_count"] = len(data["members"])
        return data


class GroupProjectSerializer(serializers.Serializer[Any]):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["project"]
        request = self.context.get("request")  # absent while the OpenAPI schema is generated
        if request is not None:
            field.queryset = projects_visible(user=request.user)


class GroupProjectResultSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField()
    users = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the users added or removed."
    )
