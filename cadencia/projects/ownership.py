"""Declared ownership of project-owned models.

A model is either single-project (exactly one project: campaigns, forms, call scripts, dialers)
or multi-project (one or more: contact databases, schedules, SIP providers, notification
templates, phones). The mixins carry the field, the scoped manager, and ``project_ids()`` used by
the change log; ``allowed_projects`` and ``merge_projects`` carry the rule that a user can only
put an object into projects they belong to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.core.scoping import ScopedManager, scope_for_user

if TYPE_CHECKING:
    from cadencia.accounts.models import User
    from cadencia.projects.models import Project


class SingleProjectModel(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("project"),
    )

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        abstract = True

    def project_ids(self) -> list[int]:
        return [self.project_id] if self.project_id else []

    def owner_projects(self) -> list[Project]:
        return [self.project] if self.project_id else []

    def has_dependants(self) -> bool:
        """Whether other records rely on this object staying in its project (then the project
        picker is fixed). Models override it: a form used by a disposition option, a campaign
        that has started."""
        return False


class MultiProjectModel(models.Model):
    projects = models.ManyToManyField(
        "projects.Project",
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("projects"),
    )

    objects: ScopedManager[Any] = ScopedManager("projects")

    class Meta:
        abstract = True

    def project_ids(self) -> list[int]:
        if self.pk is None:
            return []
        cached = getattr(self, "_prefetched_objects_cache", {}).get("projects")
        if cached is not None:
            return sorted(p.pk for p in cached)
        return sorted(self.projects.values_list("pk", flat=True))

    def owner_projects(self) -> list[Project]:
        return list(self.projects.all())


def project_owned_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, SingleProjectModel | MultiProjectModel)
    ]


def allowed_projects(user: User | None) -> models.QuerySet[Project]:
    """The projects a user may put objects into (and pick in forms).

    ``None`` is the operator on the server (management commands, system tasks): every project.
    """
    from cadencia.projects.models import Project

    if user is None:
        return Project.objects.all()
    scope = scope_for_user(user)
    if not isinstance(scope, frozenset):
        return Project.objects.all()
    return Project.objects.filter(pk__in=scope)


def merge_projects(*, current: Iterable[int], chosen: Iterable[int], allowed: set[int]) -> set[int]:
    """New project set of a multi-project object edited by a user who sees only ``allowed``.

    Projects the user cannot see are kept: editing must never silently remove an object from
    another client's project.
    """
    return set(chosen) | (set(current) - allowed)
