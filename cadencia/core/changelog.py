"""Who, where from and which request: the context every change-log entry records.

Each entry point sets it once: the HTTP middleware (web), the API base view (api, after DRF has
authenticated), the task wrapper (task) and management commands (command).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    TASK = "task", _("Task")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


@dataclass(frozen=True)
class ChangeContext:
    """``request``, when set, supplies the actor and source as they are when an entry is
    written: the API authenticates (and says it is the API) after the middleware ran."""

    source: str = ChangeSource.SYSTEM
    actor: Any = None
    request_id: str = ""
    remote_addr: str | None = None
    request: Any = None

    def resolved(self) -> ChangeContext:
        if self.request is None:
            return self
        return replace(
            self,
            actor=getattr(self.request, "user", None),
            source=getattr(self.request, "change_source", self.source),
        )


# ChangeContext is a frozen dataclass, so sharing the default instance is safe.
_context: ContextVar[ChangeContext] = ContextVar(
    "cadencia_change_context",
    default=ChangeContext(),  # noqa: B039
)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_context() -> ChangeContext:
    return _context.get().resolved()


@contextlib.contextmanager
def change_context(**values: Any) -> Iterator[ChangeContext]:
    context = replace(_context.get(), **values)
    if not context.request_id:
        context = replace(context, request_id=new_request_id())
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def current_actor() -> Any:
    actor = current_context().actor
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def track(
    model: type[models.Model],
    *,
    m2m_fields: set[str] | None = None,
    exclude: list[str] | None = None,
) -> None:
    """Record every create, update and delete of ``model`` in the change log."""
    from auditlog.registry import auditlog
    from django.db.models.signals import pre_delete

    auditlog.register(model, m2m_fields=m2m_fields or set(), exclude_fields=exclude or [])
    pre_delete.connect(
        _remember_projects, sender=model, dispatch_uid=f"changelog-projects-{model._meta.label}"
    )


def _remember_projects(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    # After the delete the many-to-many rows are gone; keep the projects for the entry.
    if hasattr(instance, "project_ids"):
        instance._changelog_project_ids = instance.project_ids()
