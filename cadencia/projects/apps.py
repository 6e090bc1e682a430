from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cadencia.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from cadencia.core.changelog import track
        from cadencia.projects.models import Membership, Project, SecuritySettings

        track(Project)
        track(Membership)
        track(SecuritySettings)
