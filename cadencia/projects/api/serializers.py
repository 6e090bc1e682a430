from rest_framework import serializers

from cadencia.projects.models import Membership, Project, SecuritySettings


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
