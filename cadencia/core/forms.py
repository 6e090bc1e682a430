from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes so templates can render fields generically."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FilterForm(BootstrapFormMixin, forms.Form):
    """Base form of the filter sets, so filters look like every other form."""


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message on its field when the form
    has it (or names it in ``error_fields``, {model field: form field}), else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    aliases = getattr(form, "error_fields", {})
    for field, errors in exc.message_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, errors)
