from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.projects.choices import SecurityMode
from cadencia.projects.ownership import MultiProjectModel

DEFAULT_PROJECT_NAME = "Default"


class Project(models.Model):
    """An isolated set of users and objects (Oki-Toki's "proyecto").

    Projects are the roots of scoping, so their own manager is not scoped; reads go through
    ``projects.selectors``, which filter by what the user may see.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="projects",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        permissions = [
            ("view_all_projects", _("View everything regardless of projects")),
            ("list_projects", _("List projects (tiles only, without their objects)")),
            ("manage_project_access", _("Manage access (add and remove users)")),
            ("manage_projects", _("Manage projects (create, edit, add and remove objects)")),
        ]

    def __str__(self) -> str:
        return self.name

    def project_ids(self) -> list[int]:
        return [self.pk]


class Membership(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="projects_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.project}"

    def project_ids(self) -> list[int]:
        return [self.project_id]


class SecuritySettings(models.Model):
    """The installation's security mode (a single row, pk=1)."""

    mode = models.CharField(
        _("security mode"),
        max_length=20,
        choices=SecurityMode.choices,
        default=SecurityMode.SIMPLIFIED,
    )
    default_project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default project"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("security settings")
        verbose_name_plural = _("security settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="projects_security_singleton")
        ]

    def __str__(self) -> str:
        return str(self.get_mode_display())

    @property
    def enhanced(self) -> bool:
        return self.mode == SecurityMode.ENHANCED

    def project_ids(self) -> list[int]:
        return []


class UserGroup(MultiProjectModel):
    """A named group of users (a team) put into or taken out of a project at once.

    A group is itself visible in projects like any multi-project object, so a project's tickets
    can be assigned to a group seen there. Adding it to a project creates one membership per
    member; the memberships stay the truth of who sees what.
    """

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="user_groups",
        blank=True,
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("user group")
        verbose_name_plural = _("user groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
