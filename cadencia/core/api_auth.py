"""Authentication and permission classes named in settings.REST_FRAMEWORK.

Kept apart from ``core.api`` (viewsets) because DRF imports these while loading its views.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, pagination, permissions
from rest_framework.exceptions import NotFound

from cadencia.core.filter_fields import INT64_MAX, INT64_MIN, FilterSet


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"


class ModelPermissions(permissions.DjangoModelPermissions):
    """Django model permissions, including ``view`` for reads (DRF's default lets any user read)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
    }


class CursorPagination(pagination.CursorPagination):
    """Keyset pagination (constant cost per page) ordered by the view's ``ordering``."""

    ordering = "-pk"

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = getattr(view, "ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Any) -> Any:
        """A cursor whose position the ordering column cannot hold is an invalid cursor (404),
        not a server error when the query runs."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: Any) -> None:
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field("id" if name == "pk" else name)
            value = field.to_python(position)
        except (FieldDoesNotExist, ValidationError, TypeError, ValueError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        if isinstance(field, models.IntegerField | models.AutoField) and not (
            INT64_MIN <= value <= INT64_MAX
        ):
            raise NotFound(self.invalid_cursor_message)


class FilterBackend(DjangoFilterBackend):
    filterset_base = FilterSet


class RequiresPermission(permissions.BasePermission):
    """One named permission, for actions that are not the model's add/change/delete."""

    def __init__(self, permission: str) -> None:
        self.permission = permission

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(self.permission))


class RequiresAnyPermission(permissions.BasePermission):
    """At least one of the named permissions."""

    def __init__(self, wanted: tuple[str, ...]) -> None:
        self.wanted = wanted

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and any(user.has_perm(p) for p in self.wanted))
