"""The tenancy policy that ``core`` asks, plugged in by the app that owns tenancy.

``core`` scopes queries and logs changes by project, but does not know what a project is, who
belongs to one, or which security mode is on: that is the tenancy app's business (``projects``).
``settings.CADENCIA_TENANCY`` names the policy class, as ``AUTH_USER_MODEL`` names the user
model, and ``settings.CADENCIA_PROJECT_MODEL`` the model project-owned rows point at.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from cadencia.core.scoping import ScopeValue


class TenancyPolicy(Protocol):
    def scope_for_user(self, user: Any) -> ScopeValue:
        """The projects ``user`` may see (ids), or ALL_PROJECTS."""

    def projects_for_user(self, user: Any) -> models.QuerySet[Any]:
        """The projects ``user`` may pick (filters, forms, API fields)."""

    def users_visible(self, user: Any) -> models.QuerySet[Any]:
        """The users ``user`` may see (members of their projects)."""

    def project_ids_named(self, names: Iterable[str]) -> dict[str, int]:
        """Project ids by name, for operators' commands; unknown names are left out."""

    def scopes_for_users(self, users: Iterable[Any]) -> dict[int, ScopeValue]:
        """``scope_for_user`` of many users at once (by user id), in a fixed number of queries:
        the event tail asks it for every connected user on each read."""


@functools.cache
def tenancy() -> TenancyPolicy:
    policy: TenancyPolicy = import_string(settings.CADENCIA_TENANCY)()
    return policy


def project_model_label() -> str:
    return str(settings.CADENCIA_PROJECT_MODEL)
