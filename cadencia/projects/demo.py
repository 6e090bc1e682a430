"""Demo projects and resources: the default project (simplified security) with every demo user,
a schedule and a notification template."""

from cadencia.accounts.models import User
from cadencia.projects.models import Project
from cadencia.projects.services import membership_add, project_default
from cadencia.resources.choices import NotificationChannel
from cadencia.resources.models import NotificationTemplate, Schedule
from cadencia.resources.services import notification_template_save, schedule_save

WEEKDAYS = {str(day): [["09:00", "18:00"]] for day in range(5)}


def load(*, users: list[User]) -> Project:
    project = project_default()
    for user in users:
        membership_add(project=project, user=user)
    admin = next(u for u in users if u.username == "admin")
    if not Schedule.objects.filter(name="Office hours").exists():
        schedule_save(
            schedule=Schedule(
                name="Office hours",
                description="Monday to Friday, 9 to 18.",
                time_zone="America/Argentina/Buenos_Aires",
                weekly_hours=WEEKDAYS,
                exceptions=[{"date": "2026-12-25", "hours": [], "note": "Christmas"}],
            ),
            project_ids={project.pk},
            user=admin,
        )
    if not NotificationTemplate.objects.filter(name="Callback reminder").exists():
        notification_template_save(
            template=NotificationTemplate(
                name="Callback reminder",
                channel=NotificationChannel.SMS,
                body="Hola {contact_name}, {agent_name} le llamará el {date} a las {time}.",
            ),
            project_ids={project.pk},
            user=admin,
        )
    return project
