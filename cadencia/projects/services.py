"""Writes for projects, memberships and the security mode."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.accounts.selectors import users_visible
from cadencia.core.history import log_action
from cadencia.core.scoping import scopes_disabled
from cadencia.projects.choices import SecurityMode
from cadencia.projects.models import (
    DEFAULT_PROJECT_NAME,
    Membership,
    Project,
    SecuritySettings,
    UserGroup,
)
from cadencia.projects.ownership import (
    MultiProjectModel,
    SingleProjectModel,
    allowed_projects,
    merge_projects,
    project_owned_models,
)


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


def user_join_default_project(*, user: User, **_signal: object) -> None:
    """In simplified security every user works in the one implicit project."""
    if not security_settings_get().enhanced:
        membership_add(project=project_default(), user=user)


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


def owned_object_save(
    *, obj: models.Model, project_ids: set[int], user: User | None
) -> models.Model:
    """Validate and save a project-owned object with its project(s), for ``user``.

    Multi-project: ``project_ids`` must already include the projects the user cannot see (see
    ``ownership.merge_projects``). Single-project: exactly one id, and the project can change
    only while the object has no dependants. Every project the user adds must be one they may
    use; ``user`` None is the operator on the server (commands), who may use every project.
    """
    if isinstance(obj, SingleProjectModel):
        return _single_project_save(obj, project_ids, user)
    if not isinstance(obj, MultiProjectModel):
        raise TypeError(f"{type(obj).__name__} is not project-owned")
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


def _single_project_save(
    obj: SingleProjectModel, project_ids: set[int], user: User | None
) -> SingleProjectModel:
    # The stored project, not the attribute: a caller may have set the new one already.
    stored = type(obj)._base_manager.filter(pk=obj.pk).values_list("project_id", flat=True)
    current = set(stored) if obj.pk else set()
    if not project_ids:
        project_ids = current or {project_default_for(user, field="project")}
    if len(project_ids) != 1:
        raise ValidationError({"project": _("Choose exactly one project.")})
    (project_id,) = project_ids
    if project_id not in current:
        if not allowed_projects(user).filter(pk=project_id).exists():
            raise ValidationError({"project": _("You can only use projects you belong to.")})
        if obj.pk and obj.has_dependants():
            raise ValidationError(
                {"project": _("The project cannot change: other records already rely on it.")}
            )
    obj.project_id = project_id
    # A move is logged in the project left and in the project reached.
    obj._changelog_project_ids = sorted(current | project_ids)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            obj.full_clean()
            obj.save()
    finally:
        del obj._changelog_project_ids  # type: ignore[attr-defined]
    return obj


def project_default_for(user: User | None, *, field: str = "projects") -> int:
    """Where an object goes when the form does not ask (simplified security)."""
    if security_settings_get().enhanced:
        message = (
            _("Choose a project.") if field == "project" else _("Choose at least one project.")
        )
        raise ValidationError({field: message})
    return project_default().pk


def owned_object_delete(*, obj: models.Model) -> None:
    with transaction.atomic():
        obj.delete()


def _visible_user_ids(user: User | None) -> set[int] | None:
    """Users the actor may see and pick; None for the operator on the server (all of them)."""
    if user is None:
        return None
    return set(users_visible(user=user).values_list("pk", flat=True))


def user_group_save(
    *, group: UserGroup, project_ids: set[int], member_ids: set[int], user: User | None
) -> UserGroup:
    """Save a group with its projects and members; members the editor cannot see are kept."""
    visible = _visible_user_ids(user)
    current = set(group.members.values_list("pk", flat=True)) if group.pk else set()
    if visible is not None:
        if member_ids - visible:
            raise ValidationError({"members": _("You can only add users you can see.")})
        member_ids = merge_projects(current=current, chosen=member_ids, allowed=visible)
    with transaction.atomic():
        owned_object_save(obj=group, project_ids=project_ids, user=user)
        if member_ids != current:
            group.members.set(sorted(member_ids))
    return group


def user_group_delete(*, group: UserGroup) -> None:
    owned_object_delete(obj=group)


def _group_members(group: UserGroup, user: User | None) -> list[User]:
    visible = _visible_user_ids(user)
    members = list(group.members.order_by("username"))
    return [m for m in members if visible is None or m.pk in visible]


def project_group_add(*, project: Project, group: UserGroup, user: User | None) -> list[User]:
    """Make every member of ``group`` the actor can see a member of ``project``, at once.

    The group becomes visible in the project too (tickets there can be assigned to it). Returns
    the users who were not members before; one history entry on the project names them.
    """
    with transaction.atomic():
        members = _group_members(group, user)
        already = set(
            Membership.objects.filter(project=project, user__in=members).values_list(
                "user_id", flat=True
            )
        )
        added = [m for m in members if m.pk not in already]
        for member in added:
            Membership.objects.create(project=project, user=member)
        group.projects.add(project)
        log_action(
            project,
            "projects.group_added",
            group=group.name,
            group_id=group.pk,
            users=[m.username for m in added],
        )
    return added


def project_group_remove(*, project: Project, group: UserGroup, user: User | None) -> list[User]:
    """Take every member of ``group`` the actor can see out of ``project``, at once."""
    with transaction.atomic():
        members = _group_members(group, user)
        removed = [
            m.user
            for m in Membership.objects.filter(project=project, user__in=members)
            .select_related("user")
            .order_by("user__username")
        ]
        for member in removed:
            membership_remove(project=project, user=member)
        if group.projects.count() > 1:
            group.projects.remove(project)
        log_action(
            project,
            "projects.group_removed",
            group=group.name,
            group_id=group.pk,
            users=[m.username for m in removed],
        )
    return removed
