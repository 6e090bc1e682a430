from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.accounts.selectors import users_visible
from cadencia.core.forms import BootstrapFormMixin
from cadencia.projects.choices import SecurityMode
from cadencia.projects.models import Project, UserGroup
from cadencia.projects.ownership import (
    MultiProjectModel,
    allowed_projects,
    merge_projects,
    project_owned_models,
)
from cadencia.projects.services import security_settings_get


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


class MultiProjectFormMixin(BootstrapFormMixin):
    """Adds the "projects" picker, limited to the user's projects, in enhanced security mode.

    In simplified mode there is no picker and the object goes to the implicit project.
    """

    instance: Any
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.allowed = allowed_projects(user)
        if security_settings_get().enhanced:
            current = set(self.instance.project_ids()) if self.instance.pk else set()
            self.fields["projects"] = forms.ModelMultipleChoiceField(
                label=_("Projects"),
                queryset=self.allowed,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                initial=[p for p in self.allowed if p.pk in current],
                help_text=_("Only your projects are listed."),
            )

    def project_ids(self) -> set[int]:
        if "projects" not in self.fields:
            return set(self.instance.project_ids()) if self.instance.pk else set()
        chosen = {p.pk for p in self.cleaned_data.get("projects", [])}
        current = set(self.instance.project_ids()) if self.instance.pk else set()
        allowed = set(self.allowed.values_list("pk", flat=True))
        return merge_projects(current=current, chosen=chosen, allowed=allowed)


def _person(user: User) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


class SingleProjectFormMixin(BootstrapFormMixin):
    """Adds the "project" picker (one of the user's projects) in enhanced security mode.

    The picker is fixed once the object has dependants (``has_dependants()``): a form used by a
    campaign, a campaign that has started. In simplified mode the object goes to the implicit
    project.
    """

    instance: Any
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.allowed = allowed_projects(user)
        if not security_settings_get().enhanced:
            return
        fixed = bool(self.instance.pk) and self.instance.has_dependants()
        self.fields["project"] = forms.ModelChoiceField(
            label=_("Project"),
            queryset=self.allowed,
            initial=self.instance.project_id if self.instance.project_id else None,
            disabled=fixed,
            required=not fixed,
            help_text=_("Fixed: other records already rely on it.")
            if fixed
            else _("Only your projects are listed."),
        )
        if not self.instance.pk and len(self.allowed) == 1:
            self.fields["project"].initial = self.allowed[0]

    def project_ids(self) -> set[int]:
        current = set(self.instance.project_ids()) if self.instance.project_id else set()
        field = self.fields.get("project")
        if field is None or field.disabled:
            return current
        chosen = self.cleaned_data.get("project")
        return {chosen.pk} if chosen is not None else current


class UserGroupForm(MultiProjectFormMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Only the users you can see are listed; others in the group stay in it."),
    )

    class Meta:
        model = UserGroup
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        visible = users_visible(user=user)
        members = self.fields["members"]
        members.queryset = visible  # type: ignore[attr-defined]
        members.label_from_instance = _person  # type: ignore[attr-defined]
        if self.instance.pk:
            members.initial = list(visible.filter(user_groups=self.instance))

    def member_ids(self) -> set[int]:
        return {u.pk for u in self.cleaned_data.get("members", [])}


class GroupAddForm(BootstrapFormMixin, forms.Form):
    # The queryset is set per form: a scoped manager cannot be read at import time.
    group: forms.ModelChoiceField[UserGroup] = forms.ModelChoiceField(
        label=_("Group"), queryset=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = UserGroup.objects.order_by("name")  # type: ignore[attr-defined]
