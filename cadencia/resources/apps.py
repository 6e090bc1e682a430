from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Operating resources shared by a project's campaigns: schedules, notification templates
    (later SIP providers, phones, lists)."""

    name = "cadencia.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from cadencia.core.changelog import track
        from cadencia.resources.models import NotificationTemplate, Schedule

        track(Schedule, m2m_fields={"projects"})
        track(NotificationTemplate, m2m_fields={"projects"})
