"""Authentication and permission classes named in settings.REST_FRAMEWORK.

Kept apart from ``core.api`` (viewsets) because DRF imports these while loading its views.
"""

from typing import Any

from rest_framework import authentication, pagination, permissions


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
