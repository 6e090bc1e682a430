from typing import Any

from django.db.models import QuerySet

from cadencia.accounts.models import User
from cadencia.core.scoping import scope_for_user


def users_visible(*, user: Any) -> QuerySet[User]:
    """Users are multi-project objects: a user sees the members of their own projects."""
    scope = scope_for_user(user)
    users = User.objects.select_related("role").order_by("username")
    if not isinstance(scope, frozenset):
        return users
    return users.filter(pk__in=User.objects.filter(memberships__project_id__in=scope).values("pk"))
