"""Generated permission matrix for the resources app's project-owned models."""

from typing import Any

from cadencia.projects.models import Project
from cadencia.projects.testing import OwnedModelSpec, owned_model_tests
from cadencia.resources.models import NotificationTemplate, Schedule
from cadencia.resources.tests.factories import NotificationTemplateFactory, ScheduleFactory


def schedule_form(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Support hours",
        "description": "",
        "time_zone": "Europe/Madrid",
        "day_0": "09:00-13:00, 14:00-18:00",
        "exceptions_text": "2026-12-25 closed Christmas",
        "projects": [p.pk for p in projects],
    }


def schedule_api(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "API hours",
        "time_zone": "Europe/Madrid",
        "weekly_hours": {"0": [["09:00", "18:00"]]},
        "exceptions": [{"date": "2026-12-25", "hours": [], "note": "Christmas"}],
        "projects": [p.pk for p in projects],
    }


def template_form(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Welcome",
        "channel": "email",
        "subject": "Hola {contact_name}",
        "body": "Gracias por su llamada, {contact_name}.",
        "projects": [p.pk for p in projects],
    }


def template_api(projects: list[Project]) -> dict[str, Any]:
    return {"name": "SMS", "channel": "sms", "body": "Hola", "projects": [p.pk for p in projects]}


TestSchedulePermissions = owned_model_tests(
    OwnedModelSpec(
        model=Schedule,
        factory=ScheduleFactory,
        url_prefix="resources:schedule",
        api_basename="schedule",
        form_data=schedule_form,
        api_data=schedule_api,
    )
)
TestNotificationTemplatePermissions = owned_model_tests(
    OwnedModelSpec(
        model=NotificationTemplate,
        factory=NotificationTemplateFactory,
        url_prefix="resources:template",
        api_basename="notificationtemplate",
        form_data=template_form,
        api_data=template_api,
    )
)
