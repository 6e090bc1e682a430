import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import Role, User
from cadencia.core.forms import BootstrapFormMixin


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class PreferencesForm(BootstrapFormMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["language", "time_zone"]


class PasswordChangeForm(BootstrapFormMixin, DjangoPasswordChangeForm):
    pass


def permission_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Permissions grouped by model, the models Cadencia's pages use first."""
    from django.contrib.auth.models import Permission

    groups: dict[str, list[tuple[int, str]]] = {}
    for permission in Permission.objects.select_related("content_type").order_by(
        "content_type__app_label", "content_type__model", "codename"
    ):
        model = permission.content_type.model_class()
        group = (
            str(model._meta.verbose_name_plural).capitalize()
            if model
            else permission.content_type.model
        )
        groups.setdefault(group, []).append((permission.pk, str(permission.name)))
    return sorted(groups.items())


class RoleForm(BootstrapFormMixin, forms.ModelForm):
    permissions = forms.TypedMultipleChoiceField(
        label=_("permissions"),
        choices=permission_choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Role
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["permissions"].initial = list(
                self.instance.permissions.values_list("pk", flat=True)
            )
