from typing import Any

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.core.changelog import ChangeSource, current_actor, current_context
from cadencia.core.scoping import ScopedManager


class WorkerHeartbeat(models.Model):
    """Last sign of life of a background task worker, read by the health endpoint."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}"


class ChangeLogEntryManager(ScopedManager[Any], LogEntryManager):
    """django-auditlog's manager, scoped for reading like every project-owned model, filling in
    our source, request id, actor and projects when writing."""

    def __init__(self) -> None:
        super().__init__("projects")

    def deconstruct(self) -> Any:
        legacy, path, qs_class, _args, kwargs = models.Manager.deconstruct(self)
        return legacy, path, qs_class, (), kwargs

    def create(self, **kwargs: Any) -> Any:
        # Writing an entry must not depend on the reader's scope.
        return models.QuerySet(self.model, using=self._db).create(**kwargs)

    def _fill(self, kwargs: dict[str, Any]) -> None:
        context = current_context()
        kwargs.setdefault("source", context.source)
        kwargs.setdefault("cid", context.request_id or None)
        kwargs.setdefault("remote_addr", context.remote_addr)
        actor = current_actor()
        if actor is not None:
            kwargs.setdefault("actor", actor)
            kwargs.setdefault("actor_email", actor.email or None)

    @staticmethod
    def _attach_projects(entry: Any, instance: Any) -> None:
        ids = getattr(instance, "_changelog_project_ids", None)
        if ids is None and hasattr(instance, "project_ids"):
            ids = instance.project_ids()
        if ids:
            entry.projects.add(*ids)

    def log_action(self, instance: Any, verb: str, data: dict[str, Any]) -> Any:
        from django.contrib.contenttypes.models import ContentType

        kwargs: dict[str, Any] = {}
        self._fill(kwargs)
        pk = instance.pk
        entry = self.create(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=str(pk),
            object_id=pk if isinstance(pk, int) else None,
            object_repr=str(instance)[:255],
            action=self.model.Action.UPDATE,
            changes={},
            verb=verb,
            additional_data=data,
            **kwargs,
        )
        self._attach_projects(entry, instance)
        return entry

    def log_create(self, instance: Any, force_log: bool = False, **kwargs: Any) -> Any:
        self._fill(kwargs)
        entry = super().log_create(instance, force_log=force_log, **kwargs)
        if entry is not None:
            self._attach_projects(entry, instance)
        return entry

    def log_m2m_changes(
        self, changed_queryset: Any, instance: Any, operation: str, field_name: str, **kwargs: Any
    ) -> Any:
        self._fill(kwargs)
        entry = super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)
        if entry is not None:
            self._attach_projects(entry, instance)
            if field_name == "projects":
                # Moving an object out of a project is visible in the project it left.
                entry.projects.add(*[p.pk for p in changed_queryset])
        return entry


class ChangeLogEntry(AbstractLogEntry):
    """Immutable record of a create, update or delete (django-auditlog's swappable LogEntry)."""

    source = models.CharField(
        _("source"), max_length=10, choices=ChangeSource.choices, default=ChangeSource.SYSTEM
    )
    # A workflow step with meaning ("contacts.import.retried"), its data in additional_data;
    # empty for plain create / update / delete entries. See ``core/history.py``.
    verb = models.CharField(_("step"), max_length=100, blank=True, db_index=True)
    projects = models.ManyToManyField(
        settings.CADENCIA_PROJECT_MODEL,
        through="ChangeLogEntryProject",
        related_name="+",
        blank=True,
        verbose_name=_("projects"),
    )

    objects = ChangeLogEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("change-log entry")
        verbose_name_plural = _("change log")
        ordering = ["-timestamp", "-pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionDenied("Change-log entries are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Change-log entries are immutable.")

    @property
    def request_id(self) -> str:
        return self.cid or ""

    def verb_label(self) -> str:
        from cadencia.core.history import verb_label

        return verb_label(self.verb)


class ChangeLogEntryProject(models.Model):
    """The projects an entry belongs to (who may read it).

    No database-level foreign key to the project: a deleted project's history (including its
    own deletion) stays, readable by those who see every project.
    """

    changelogentry = models.ForeignKey(ChangeLogEntry, on_delete=models.CASCADE)
    project = models.ForeignKey(
        settings.CADENCIA_PROJECT_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        # The table and unique pair Django created for the former automatic through model.
        db_table = "core_changelogentry_projects"
        unique_together = [("changelogentry", "project")]

    def __str__(self) -> str:
        return f"{self.changelogentry_id} → {self.project_id}"


class StoredEvent(models.Model):
    """A published event: the source of truth every web process tails to push it to browsers
    (see ``core/events.py``). Bounded: the oldest are pruned, a client that missed more is told
    to fetch its state again."""

    type = models.CharField(_("type"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"))
    payload = models.JSONField(_("payload"))
    # Who may receive it: members of these projects, and these users (ids, as lists: an event
    # is read by id ranges, never joined).
    project_ids = models.JSONField(_("projects"), default=list)
    user_ids = models.JSONField(_("users"), default=list)
    # Members of the projects receive it only with this permission ("" for every member).
    permission = models.CharField(_("permission"), max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.pk} {self.type}"


def _export_path(instance: "Export", filename: str) -> str:
    return f"exports/{instance.requested_by_id}/{filename}"


class Export(models.Model):
    """A download built in the background for its requester (``core/exports.py``): a search's
    rows as CSV or XLSX. It keeps the scope and filters it was asked with, so it never holds
    more than the requester could see then."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("requested by"),
    )
    source = models.CharField(_("source"), max_length=50)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    scope_projects = models.JSONField(_("projects"), null=True, blank=True)
    query = models.JSONField(_("filters"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.format} #{self.pk}"

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0
