"""Writes for schedules and notification templates."""

from cadencia.accounts.models import User
from cadencia.projects.services import owned_object_delete, owned_object_save
from cadencia.resources.models import NotificationTemplate, Schedule


def schedule_save(*, schedule: Schedule, project_ids: set[int], user: User | None) -> Schedule:
    owned_object_save(obj=schedule, project_ids=project_ids, user=user)
    return schedule


def schedule_delete(*, schedule: Schedule) -> None:
    owned_object_delete(obj=schedule)


def notification_template_save(
    *, template: NotificationTemplate, project_ids: set[int], user: User | None
) -> NotificationTemplate:
    owned_object_save(obj=template, project_ids=project_ids, user=user)
    return template


def notification_template_delete(*, template: NotificationTemplate) -> None:
    owned_object_delete(obj=template)
