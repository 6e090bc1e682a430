from typing import Any

from django.contrib.auth.models import Permission
from rest_framework import serializers

from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.models import Role


class PermissionField(serializers.SlugRelatedField):
    """Permissions as "app_label.codename" strings."""

    def to_representation(self, obj: Any) -> str:
        return f"{obj.content_type.app_label}.{obj.codename}"

    def to_internal_value(self, data: str) -> Permission:
        app_label, _sep, codename = str(data).partition(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            self.fail("does_not_exist", slug_name="permission", value=data)
        return permission


class RoleSerializer(serializers.ModelSerializer):
    # Empty for roles an administrator defined; one of the built-in keys otherwise.
    builtin = serializers.ChoiceField(
        choices=[("", ""), *BuiltinRole.choices], read_only=True, allow_blank=True
    )
    permissions = PermissionField(
        many=True, slug_field="codename", queryset=Permission.objects.all(), required=False
    )

    class Meta:
        model = Role
        fields = ["id", "name", "builtin", "description", "permissions"]
        read_only_fields = ["builtin"]
