"""The API's parts of project ownership: project fields limited to the user's projects, the
serializer that merges projects as the web forms do, and the viewset that saves through services.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from cadencia.accounts.models import User
from cadencia.core.api import ScopedModelViewSet
from cadencia.projects.ownership import allowed_projects, merge_projects


class ProjectsField(serializers.PrimaryKeyRelatedField):
    """Project ids a user may use; another project's id is refused like an unknown one."""

    def get_queryset(self) -> models.QuerySet[Any]:
        request = self.context["request"]
        return allowed_projects(request.user)


class MultiProjectSerializer(serializers.ModelSerializer):
    projects = ProjectsField(many=True, allow_empty=True, required=False)

    def validate_projects(self, value: list[Any]) -> list[Any]:
        return value

    def resolved_project_ids(self) -> set[int]:
        """Chosen projects merged with those the user cannot see (never silently removed)."""
        request = self.context["request"]
        chosen = {p.pk for p in self.validated_data.get("projects", [])}
        allowed = set(allowed_projects(request.user).values_list("pk", flat=True))
        current = set(self.instance.project_ids()) if self.instance is not None else set()
        if "projects" not in self.validated_data and self.instance is not None:
            return current
        return merge_projects(current=current, chosen=chosen, allowed=allowed)


class SingleProjectSerializer(serializers.ModelSerializer):
    """``project``: one of the user's projects (another project's id is refused like an unknown
    one); optional in simplified security, where the implicit project is used."""

    project = ProjectsField(required=False)

    def resolved_project_ids(self) -> set[int]:
        project = self.validated_data.get("project")
        if project is not None:
            return {project.pk}
        return set(self.instance.project_ids()) if self.instance is not None else set()


class OwnedObjectViewSet(ScopedModelViewSet):
    """Writes go through the app's services; projects are merged as in the web forms."""

    ordering = "pk"
    model: Any
    # Serializer fields the app's service writes itself (not model attributes).
    service_fields: frozenset[str] = frozenset()

    def acting_user(self) -> User:
        """The signed-in user (the API's permission classes let no one else write)."""
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        raise NotImplementedError

    def _save(self, serializer: Any) -> None:
        # Many-to-many values (projects, members) are the service's to write, not attributes.
        self.validated: dict[str, Any] = serializer.validated_data
        many = {f.name for f in self.model._meta.many_to_many} | {"project"} | self.service_fields
        data = {k: v for k, v in serializer.validated_data.items() if k not in many}
        obj = serializer.instance or self.model()
        for name, value in data.items():
            setattr(obj, name, value)
        try:
            self.save_object(obj, serializer.resolved_project_ids())
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        # Read back through the view's queryset: annotations (counts) are in the response too.
        serializer.instance = self.get_queryset().get(pk=obj.pk)

    def run_service(self, service: Any, **kwargs: Any) -> Any:
        """Call a service; its ValidationError becomes the API's 400 with the same messages."""
        try:
            return service(**kwargs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)
