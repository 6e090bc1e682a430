"""Project scoping that fails closed.

Project-owned models use ``ScopedManager``: a query made while no scope is active raises
``ScopeError`` instead of returning every project's rows. A scope is activated once per entry
point (HTTP and WebSocket middleware, the task wrapper, management commands) with
``project_scope``; ``ALL_PROJECTS`` is a scope over every project, for users who may see
everything, and ``scopes_disabled`` is for core machinery and tests only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any, Final, Generic, TypeVar

from django.db import models

from cadencia.core.tenancy import project_model_label, tenancy


class ScopeError(Exception):
    """A project-owned model was queried without an active project scope."""


class _AllProjects:
    def __repr__(self) -> str:
        return "ALL_PROJECTS"


ALL_PROJECTS: Final = _AllProjects()
_DISABLED: Final = object()

ScopeValue = frozenset[int] | _AllProjects
_scope: ContextVar[object | None] = ContextVar("cadencia_project_scope", default=None)


@contextlib.contextmanager
def project_scope(projects: Iterable[int | Any] | _AllProjects) -> Iterator[None]:
    """Activate a scope over the given projects (ids or Project objects) or ALL_PROJECTS."""
    value: ScopeValue
    if isinstance(projects, _AllProjects):
        value = projects
    else:
        value = frozenset(getattr(p, "pk", p) for p in projects)
    token = _scope.set(value)
    try:
        yield
    finally:
        _scope.reset(token)


class _RequestScope:
    """The scope of whoever the request's user is when a query runs.

    The HTTP middleware opens it once per request; DRF authenticates a token only later, inside
    the view, and replaces ``request.user``: the scope follows without being reset by hand."""

    def __init__(self, request: Any) -> None:
        self.request = request
        self._user: object = None
        self._value: ScopeValue = frozenset()

    def resolve(self) -> ScopeValue:
        user = getattr(self.request, "user", None)
        if user is not self._user:
            self._value = _policy_scope(user)
            self._user = user
        return self._value


@contextlib.contextmanager
def request_scope(request: Any) -> Iterator[None]:
    """The scope of one HTTP request, for its whole lifetime (one ``with`` block)."""
    token = _scope.set(_RequestScope(request))
    try:
        yield
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def scopes_disabled() -> Iterator[None]:
    """No filtering at all. For core machinery (migrations of data, the change log) and tests."""
    token = _scope.set(_DISABLED)
    try:
        yield
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def unscoped() -> Iterator[None]:
    """No active scope: project-owned queries raise. Lets tests prove the fail-closed rule."""
    token = _scope.set(None)
    try:
        yield
    finally:
        _scope.reset(token)


def active_scope() -> ScopeValue | None:
    """The active scope, ALL_PROJECTS when disabled, or None when no scope is active."""
    value = _scope.get()
    if value is _DISABLED:
        return ALL_PROJECTS
    if isinstance(value, _RequestScope):
        return value.resolve()
    return value  # type: ignore[return-value]


def scope_for_user(user: Any) -> ScopeValue:
    """The projects a user may see, as the tenancy policy decides (nothing when signed out).

    The request's own user gets the scope its request already worked out: a page asks for it
    again (the users it may list, the projects it may pick) and each ask cost queries."""
    current = _scope.get()
    if isinstance(current, _RequestScope) and getattr(current.request, "user", None) is user:
        return current.resolve()
    return _policy_scope(user)


def _policy_scope(user: Any) -> ScopeValue:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return tenancy().scope_for_user(user)


def require_scope() -> ScopeValue:
    value = active_scope()
    if value is None:
        raise ScopeError(
            "A project-owned model was queried without an active project scope. "
            "Activate one with cadencia.core.scoping.project_scope()."
        )
    return value


M = TypeVar("M", bound=models.Model)


class ScopedManager(models.Manager[M], Generic[M]):
    """Default manager of project-owned models: filters by the active scope or raises.

    ``project_path`` is the lookup from the model to its project id(s): ``"project"`` for
    single-project models, ``"projects"`` for multi-project ones (filtered through a subquery so
    an object in two scoped projects is returned once), or a foreign key to a scoped parent
    (``"database"`` for contacts), which defers to the parent's scope.
    """

    use_in_migrations = False

    def __init__(self, project_path: str = "") -> None:
        super().__init__()
        self._project_path = project_path

    @property
    def project_path(self) -> str:
        # Django builds related managers (contact_database.contacts) by subclassing the default
        # manager and calling it without arguments: they take the model's own path.
        if self._project_path:
            return self._project_path
        default = self.model._default_manager
        return str(default._project_path) if isinstance(default, ScopedManager) else ""

    def deconstruct(self) -> Any:
        legacy, path, qs_class, _args, kwargs = super().deconstruct()
        return legacy, path, qs_class, (self.project_path,), kwargs

    def get_queryset(self) -> models.QuerySet[M]:
        scope = require_scope()
        queryset = super().get_queryset()
        if isinstance(scope, _AllProjects):
            return queryset
        field = self.model._meta.get_field(self.project_path)
        if field.many_to_many:
            through = field.remote_field.through  # type: ignore[union-attr]
            source = field.m2m_field_name()  # type: ignore[union-attr]
            matching = through.objects.filter(project_id__in=scope).values(f"{source}_id")
            return queryset.filter(pk__in=matching)
        if (
            field.related_model is not None
            and field.related_model._meta.label != project_model_label()
        ):
            # Owned through a parent (a contact through its database): the parent's scoped
            # manager decides, as a subquery.
            parents = field.related_model._default_manager.values("pk")
            return queryset.filter(**{f"{self.project_path}__in": parents})
        return queryset.filter(**{f"{self.project_path}_id__in": scope})
