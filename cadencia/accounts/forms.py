import zoneinfo

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
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
