from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


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


class QuickSelect(forms.Select):
    """A single-choice select drawn in Python. Django draws each option through a template
    (about 0.1 ms an option here); a search's filters list every agent, company, campaign
    and contact database on each page, which made the form a fifth of the page's time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = self.format_value(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), SELECTED if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


SELECTED = mark_safe(" selected")


class FilterForm(BootstrapFormMixin, forms.Form):
    """Base form of the filter sets, so filters look like every other form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                quick = QuickSelect(attrs=widget.attrs)
                quick.choices = widget.choices
                quick.is_required = widget.is_required
                field.widget = quick


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
