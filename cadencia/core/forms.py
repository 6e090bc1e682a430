from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.core.ownership import allowed_projects, merge_projects


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes so templates can render fields generically."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class MultiProjectFormMixin(BootstrapFormMixin):
    """Adds the "projects" picker, limited to the user's projects, in enhanced security mode.

    In simplified mode there is no picker and the object goes to the implicit project.
    """

    instance: Any
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cadencia.projects.services import security_settings_get

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


class FilterForm(BootstrapFormMixin, forms.Form):
    """Base form of the filter sets, so filters look like every other form."""
