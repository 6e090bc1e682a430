from typing import Any

from django import forms


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


class FilterForm(BootstrapFormMixin, forms.Form):
    """Base form of the filter sets, so filters look like every other form."""
