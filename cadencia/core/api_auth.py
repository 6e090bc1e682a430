"""Authentication and permission classes named in settings.REST_FRAMEWORK.

Kept apart from ``core.api`` (viewsets) because DRF imports these while loading its views.
"""

from rest_framework import authentication, permissions


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
