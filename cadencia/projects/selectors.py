from typing import Any

from django.db.models import Count, QuerySet

from cadencia.accounts.models import User
from cadencia.core.scoping import scope_for_user
from cadencia.projects.models import Project


def projects_of_user(*, user: User) -> QuerySet[Project]:
    return (
        Project.objects.filter(memberships__user=user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def projects_visible(*, user: Any) -> QuerySet[Project]:
    """Projects a user may open (with their objects)."""
    scope = scope_for_user(user)
    if isinstance(scope, frozenset):
        projects = Project.objects.filter(pk__in=scope)
    else:
        projects = Project.objects.all()
    return projects.annotate(member_count=Count("memberships", distinct=True)).order_by("name")


def projects_listed(*, user: Any) -> QuerySet[Project]:
    """Projects shown as tiles: every project with "list projects", else the visible ones."""
    if user.has_perm("projects.list_projects"):
        return Project.objects.annotate(member_count=Count("memberships", distinct=True)).order_by(
            "name"
        )
    return projects_visible(user=user)
