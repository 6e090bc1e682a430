from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cadencia.core.models import ChangeLogEntry


def changelog_entries() -> models.QuerySet[ChangeLogEntry]:
    """Entries visible in the active scope, newest first, with what the list shows."""
    return ChangeLogEntry.objects.select_related("actor", "content_type").prefetch_related(
        "projects"
    )


def changelog_for_object(obj: models.Model) -> models.QuerySet[ChangeLogEntry]:
    content_type = ContentType.objects.get_for_model(obj)
    return changelog_entries().filter(content_type=content_type, object_pk=str(obj.pk))


def changelog_for_project(project: Any) -> models.QuerySet[ChangeLogEntry]:
    return changelog_entries().filter(projects=project)
