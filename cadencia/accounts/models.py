import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.choices import BuiltinRole


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Role(models.Model):
    """A named set of permissions. Built-in roles carry a ``builtin`` key; custom ones do not."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    builtin = models.CharField(
        _("built-in role"), max_length=20, choices=BuiltinRole.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    permissions = models.ManyToManyField(
        Permission, verbose_name=_("permissions"), blank=True, related_name="roles"
    )
    # Default permissions already given to this built-in role: a release that adds a default
    # grants it once, and an administrator who later takes it away is not overruled.
    defaults_granted = models.JSONField(_("defaults granted"), default=list, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["builtin"],
                condition=~models.Q(builtin=""),
                name="accounts_role_unique_builtin",
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.ForeignKey(
        Role,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: use the browser's language."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]

    def project_ids(self) -> list[int]:
        """Users are multi-project objects; their projects are their memberships."""
        if self.pk is None:
            return []
        return sorted(self.memberships.values_list("project_id", flat=True))
