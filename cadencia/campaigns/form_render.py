"""A Django form built from a management form's definition: the console's form and the
builder's preview. Whatever it accepts is checked again by ``answers.answers_clean``."""

from typing import Any

from django import forms

from cadencia.campaigns.choices import FieldType
from cadencia.core.forms import BootstrapFormMixin


def _field(definition: dict[str, Any]) -> forms.Field:
    kind = definition["type"]
    common: dict[str, Any] = {
        "label": definition["label"],
        "required": definition["required"],
        "help_text": definition.get("help", ""),
    }
    choices = [(c, c) for c in definition.get("choices", [])]
    if kind == FieldType.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == FieldType.NUMBER:
        return forms.FloatField(**common)
    if kind == FieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FieldType.TIME:
        return forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), **common)
    if kind == FieldType.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if kind == FieldType.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == FieldType.YES_NO:
        return forms.NullBooleanField(
            widget=forms.Select(choices=[("", "—"), ("true", "✓"), ("false", "✗")]), **common
        )
    if kind == FieldType.EMAIL:
        return forms.EmailField(**common)
    return forms.CharField(**common)


def answers_form(definition: list[dict[str, Any]], data: Any = None) -> forms.Form:
    """An unbound (or bound to ``data``) form with one field per definition entry."""
    fields = {f["key"]: _field(f) for f in definition}
    form_class = type("AnswersForm", (BootstrapFormMixin, forms.Form), fields)
    return form_class(data)
