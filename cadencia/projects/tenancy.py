"""Projects' tenancy policy, plugged into ``core`` by ``settings.CADENCIA_TENANCY``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from cadencia.accounts.selectors import users_visible
from cadencia.core.scoping import ALL_PROJECTS, ScopeValue
from cadencia.projects.choices import SecurityMode
from cadencia.projects.models import Membership, Project, SecuritySettings
from cadencia.projects.ownership import allowed_projects


class ProjectTenancy:
    """Who sees which project: everything with "view all projects" or in simplified security
    (one implicit project everyone works in), otherwise the projects one is a member of."""

    def scope_for_user(self, user: Any) -> ScopeValue:
        if user.is_superuser or user.has_perm("projects.view_all_projects"):
            return ALL_PROJECTS
        mode = SecuritySettings.objects.filter(pk=1).values_list("mode", flat=True).first()
        if mode != SecurityMode.ENHANCED:
            return ALL_PROJECTS
        return frozenset(Membership.objects.filter(user=user).values_list("project_id", flat=True))

    def scopes_for_users(self, users: Iterable[Any]) -> dict[int, ScopeValue]:
        users = [u for u in users if getattr(u, "is_authenticated", False)]
        mode = SecuritySettings.objects.filter(pk=1).values_list("mode", flat=True).first()
        everything = [
            u.pk
            for u in users
            if mode != SecurityMode.ENHANCED
            or u.is_superuser
            or u.has_perm("projects.view_all_projects")
        ]
        scopes: dict[int, ScopeValue] = {pk: ALL_PROJECTS for pk in everything}
        members: dict[int, set[int]] = {u.pk: set() for u in users if u.pk not in scopes}
        rows = Membership.objects.filter(user_id__in=list(members)).values_list(
            "user_id", "project_id"
        )
        for user_id, project_id in rows:
            members[user_id].add(project_id)
        scopes.update({pk: frozenset(ids) for pk, ids in members.items()})
        return scopes

    def projects_for_user(self, user: Any) -> models.QuerySet[Project]:
        return allowed_projects(user)

    def users_visible(self, user: Any) -> models.QuerySet[Any]:
        return users_visible(user=user)

    def project_ids_named(self, names: Iterable[str]) -> dict[str, int]:
        return dict(Project.objects.filter(name__in=list(names)).values_list("name", "pk"))
