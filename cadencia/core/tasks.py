"""The task wrapper: every background task runs inside a project scope and change context."""

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth import get_user_model

from cadencia.core.changelog import ChangeSource, change_context
from cadencia.core.scoping import ALL_PROJECTS, project_scope

P = ParamSpec("P")
R = TypeVar("R")


def scoped_task(func: Callable[P, R]) -> Callable[..., R]:
    """Wrap a task body: the caller passes ``scope_projects`` (ids, or None for all projects)
    and optionally ``actor_id``; the body runs with that scope and source "task".

    Use under ``@task()``: ``@task() @scoped_task def import_contacts(*, ...)``. Callers enqueue
    with ``scope_projects=sorted(ids)`` so a task never sees more than its requester could.
    """

    @functools.wraps(func)
    def wrapper(
        *args: Any, scope_projects: list[int] | None, actor_id: int | None = None, **kwargs: Any
    ) -> R:
        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
        scope = ALL_PROJECTS if scope_projects is None else scope_projects
        with project_scope(scope), change_context(source=ChangeSource.TASK, actor=actor):
            return func(*args, **kwargs)

    return wrapper
