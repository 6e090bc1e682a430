"""Writes for projects, memberships and the security mode."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.core.ownership import MultiProjectModel, SingleProjectModel, project_owned_models
from cadencia.core.scoping import scopes_disabled
from cadencia.projects.choices import SecurityMode
from cadencia.projects.models import DEFAULT_PROJECT_NAME, Membership, Project, SecuritySettings


def security_settings_get() -> SecuritySettings:
    settings, _created = SecuritySettings.objects.get_or_create(pk=1)
    return settings


def project_default() -> Project:
    """The project that holds everything in simplified mode (created on first use)."""
    with transaction.atomic():
        settings = SecuritySettings.objects.select_for_update().get_or_create(pk=1)[0]
        if settings.default_project_id is None:
            project = Project.objects.filter(name=DEFAULT_PROJECT_NAME).first()
            if project is None:
                project = Project.objects.create(name=DEFAULT_PROJECT_NAME)
            settings.default_project = project
            settings.save(update_fields=["default_project", "updated_at"])
        assert settings.default_project is not None  # noqa: S101 - set just above
        return settings.default_project


def _adopt_orphans(project: Project) -> None:
    """Put every user and project-owned object that is in no project into ``project``."""
    for user in User.objects.filter(memberships__isnull=True):
        Membership.objects.create(project=project, user=user)
    with scopes_disabled():
        for model in project_owned_models():
            if issubclass(model, MultiProjectModel):
                for obj in model.objects.filter(projects__isnull=True):
                    obj.projects.add(project)


def security_mode_set(*, mode: str) -> SecuritySettings:
    if mode not in SecurityMode.values:
        raise ValidationError({"mode": _("Unknown security mode.")})
    with transaction.atomic():
        default = project_default()
        settings = SecuritySettings.objects.select_for_update().get(pk=1)
        if mode == SecurityMode.SIMPLIFIED and Project.objects.count() > 1:
            raise ValidationError(
                {
                    "mode": _(
                        "Simplified security needs a single project. Move everything into one "
                        "project and delete the others first."
                    )
                }
            )
        if mode == SecurityMode.ENHANCED:
            _adopt_orphans(default)
        if settings.mode != mode:
            settings.mode = mode
            settings.save(update_fields=["mode", "updated_at"])
    return settings


def project_create(*, name: str, description: str = "") -> Project:
    with transaction.atomic():
        project = Project(name=name, description=description)
        project.full_clean()
        project.save()
    return project


def project_update(*, project: Project, name: str, description: str) -> Project:
    with transaction.atomic():
        project.name = name
        project.description = description
        project.full_clean()
        project.save()
    return project


def _project_is_used(project: Project) -> bool:
    with scopes_disabled():
        for model in project_owned_models():
            field = "project" if issubclass(model, SingleProjectModel) else "projects"
            if model._default_manager.filter(**{field: project}).exists():
                return True
    return False


def project_delete(*, project: Project) -> None:
    with transaction.atomic():
        if security_settings_get().default_project_id == project.pk:
            raise ValidationError(_("The default project cannot be deleted."))
        if _project_is_used(project):
            raise ValidationError(
                _("The project still holds objects; move or delete them before deleting it.")
            )
        project.delete()


def membership_add(*, project: Project, user: User) -> Membership:
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(project=project, user=user)
    return membership


def membership_remove(*, project: Project, user: User) -> None:
    with transaction.atomic():
        membership = Membership.objects.filter(project=project, user=user).first()
        if membership is not None:
            membership.delete()


def project_object_add(*, project: Project, obj: models.Model) -> None:
    """Add a multi-project object to a project; a single-project object is moved to it."""
    with transaction.atomic():
        if isinstance(obj, MultiProjectModel):
            obj.projects.add(project)
        elif isinstance(obj, SingleProjectModel):
            obj.project = project
            obj.save(update_fields=["project"])
        else:
            raise ValidationError(_("This object does not belong to projects."))


def project_object_remove(*, project: Project, obj: models.Model) -> None:
    with transaction.atomic():
        if not isinstance(obj, MultiProjectModel):
            raise ValidationError(
                _("A single-project object cannot be removed from its project; move it instead.")
            )
        if obj.projects.count() <= 1:
            raise ValidationError(_("An object must stay in at least one project."))
        obj.projects.remove(project)
