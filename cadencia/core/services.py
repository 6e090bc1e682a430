from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.core.models import WorkerHeartbeat
from cadencia.core.ownership import MultiProjectModel, allowed_projects


def worker_heartbeat_record(
    *, worker_id: str, hostname: str, pid: int, started_at: datetime
) -> WorkerHeartbeat:
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname,
            "pid": pid,
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )
    return heartbeat


def worker_heartbeat_remove(*, worker_id: str) -> None:
    """Called when a worker stops cleanly, so health reports it gone at once."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def owned_object_save(
    *, obj: MultiProjectModel, project_ids: set[int], user: Any
) -> MultiProjectModel:
    """Validate and save a multi-project object with its projects, for ``user``.

    ``project_ids`` must already include the projects the user cannot see (see
    ``ownership.merge_projects``); every project the user adds must be one they may use.
    """
    allowed = set(allowed_projects(user).values_list("pk", flat=True))
    current = set(obj.project_ids())
    added = project_ids - current
    if added - allowed:
        raise ValidationError({"projects": _("You can only use projects you belong to.")})
    if not project_ids:
        project_ids = {project_default_for(user)}
    # The change-log entry of the save itself names the projects the object is going to.
    obj._changelog_project_ids = sorted(project_ids | current)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            obj.full_clean(exclude=["projects"])
            obj.save()
            if set(obj.project_ids()) != project_ids:
                obj.projects.set(sorted(project_ids))
    finally:
        del obj._changelog_project_ids  # type: ignore[attr-defined]
    return obj


def project_default_for(user: Any) -> int:
    """Where an object goes when the form does not ask (simplified security)."""
    from cadencia.projects.services import project_default, security_settings_get

    if security_settings_get().enhanced:
        raise ValidationError({"projects": _("Choose at least one project.")})
    return project_default().pk


def owned_object_delete(*, obj: models.Model) -> None:
    with transaction.atomic():
        obj.delete()
