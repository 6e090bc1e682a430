"""REST API building blocks shared by every app's ``api/views.py``."""

from typing import Any

from django.db import models
from rest_framework import serializers, viewsets
from rest_framework.request import Request

from cadencia.core.changelog import ChangeSource, set_actor
from cadencia.core.ownership import allowed_projects, merge_projects
from cadencia.core.scoping import project_scope, scope_for_user


class ApiViewMixin:
    """Re-activates scope and change-log context once DRF has authenticated the request.

    The HTTP middleware ran before DRF's token authentication, so for token requests it saw an
    anonymous user; here the real user is known.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        set_actor(request.user, source=ChangeSource.API)
        scope: Any = project_scope(scope_for_user(request.user))
        scope.__enter__()
        self._scope_cm: Any = scope

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        scope = getattr(self, "_scope_cm", None)
        if scope is not None:
            scope.__exit__(None, None, None)
            self._scope_cm = None
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


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


class ScopedModelViewSet(ApiViewMixin, viewsets.ModelViewSet):
    pass


class ScopedReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    pass
