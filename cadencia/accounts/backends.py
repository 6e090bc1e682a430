from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import QuerySet


class RoleBackend(ModelBackend):
    """Grants the permissions of the user's role, in place of Django's group permissions.

    ModelBackend caches permissions on the user object, which lives for one request only, so a
    change to a role applies on the user's next request.
    """

    def _get_group_permissions(self, user_obj: Any) -> QuerySet[Permission]:
        return Permission.objects.filter(roles__users=user_obj)
