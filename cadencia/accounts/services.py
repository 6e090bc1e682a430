"""Writes for users and roles. Views and commands call these; they never save models directly."""

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.models import Role, User
from cadencia.accounts.roles import DEFAULT_PERMISSIONS
from cadencia.accounts.signals import user_created


def _permissions_by_label(labels: list[str], *, using: str) -> list[Permission]:
    query = Q(pk__in=[])
    for label in labels:
        app_label, codename = label.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.using(using).filter(query))


def role_sync_builtin(*, using: str = "default") -> None:
    """Create missing built-in roles; give the Administrator every permission and the other
    built-in roles each default permission they have not been given before."""
    with transaction.atomic(using=using):
        for key, label in BuiltinRole.choices:
            role, _created = Role.objects.using(using).get_or_create(
                builtin=key, defaults={"name": str(label)}
            )
            if key == BuiltinRole.ADMINISTRATOR:
                role.permissions.set(Permission.objects.using(using).all())
                continue
            new = [p for p in DEFAULT_PERMISSIONS[key] if p not in role.defaults_granted]
            if new:
                role.permissions.add(*_permissions_by_label(new, using=using))
                role.defaults_granted = [*role.defaults_granted, *new]
                role.save(update_fields=["defaults_granted"])


def user_create(
    *,
    username: str,
    password: str,
    role: Role | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    language: str = "",
) -> User:
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            role=role,
            is_staff=is_staff,
            language=language,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        user_created.send(sender=User, user=user)
    return user


def user_preferences_update(*, user: User, language: str, time_zone: str) -> User:
    with transaction.atomic():
        user.language = language
        user.time_zone = time_zone
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language", "time_zone"])
    return user


def user_language_set(*, user: User, language: str) -> User:
    return user_preferences_update(user=user, language=language, time_zone=user.time_zone)


def role_save(
    *, role: Role, name: str, description: str, permissions: list[Permission] | None
) -> Role:
    with transaction.atomic():
        role.name = name
        role.description = description
        role.full_clean()
        role.save()
        if permissions is not None:
            role.permissions.set(permissions)
    return role


def role_delete(*, role: Role) -> None:
    if role.builtin:
        raise ValidationError(_("Built-in roles can be edited but not deleted."))
    if role.users.exists():
        raise ValidationError(_("The role is assigned to users; give them another role first."))
    with transaction.atomic():
        role.delete()
