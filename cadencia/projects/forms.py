from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.core.forms import BootstrapFormMixin
from cadencia.core.ownership import MultiProjectModel, project_owned_models
from cadencia.projects.choices import SecurityMode
from cadencia.projects.models import Project


class ProjectForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SecurityModeForm(BootstrapFormMixin, forms.Form):
    mode = forms.ChoiceField(
        label=_("Security mode"), choices=SecurityMode.choices, widget=forms.RadioSelect
    )


class MemberAddForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none())

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


def _model_by_label(label: str) -> Any:
    for model in project_owned_models():
        if model._meta.label_lower == label:
            return model
    return None


class ObjectAddForm(BootstrapFormMixin, forms.Form):
    """Add an object the user can see (in any of their projects) to this project."""

    obj = forms.ChoiceField(label=_("Object"))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = []
        for model in project_owned_models():
            in_project = (
                {"projects": project}
                if issubclass(model, MultiProjectModel)
                else {"project": project}
            )
            group = [
                (f"{model._meta.label_lower}:{obj.pk}", str(obj))
                for obj in model._default_manager.exclude(**in_project).order_by("pk")[:500]
            ]
            if group:
                choices.append((str(model._meta.verbose_name_plural).capitalize(), group))
        self.fields["obj"].choices = choices  # type: ignore[attr-defined]

    def clean_obj(self) -> Any:
        label, _sep, pk = self.cleaned_data["obj"].partition(":")
        model = _model_by_label(label)
        obj = model._default_manager.filter(pk=int(pk)).first() if model and pk.isdigit() else None
        if obj is None:
            raise forms.ValidationError(_("No such object in your projects."))
        return obj
