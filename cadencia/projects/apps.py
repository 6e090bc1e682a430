from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cadencia.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from cadencia.accounts.signals import user_created
        from cadencia.core.changelog import track
        from cadencia.core.history import register_verb
        from cadencia.projects.models import Membership, Project, SecuritySettings, UserGroup
        from cadencia.projects.services import user_join_default_project

        user_created.connect(user_join_default_project, dispatch_uid="projects-join-default")
        track(Project)
        track(Membership)
        track(SecuritySettings)
        track(UserGroup, m2m_fields={"projects", "members"})
        register_verb("projects.group_added", _("Group's members added to the project"))
        register_verb("projects.group_removed", _("Group's members removed from the project"))
