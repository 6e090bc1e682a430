"""Management-form definitions and answers, checked by one function everywhere.

The console, the API and the audit's redo call ``answers_clean(fields, answers)``; a form's
builder calls ``definition_clean(fields)``. Both raise ``ValidationError`` keyed by field, with
a translated reason.
"""

import re
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from cadencia.campaigns.choices import FieldType

KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
MAX_FIELDS = 100
MAX_CHOICES = 200
MAX_TEXT = 10_000
CHOICE_TYPES = {FieldType.CHOICE, FieldType.MULTIPLE_CHOICE}
BOUNDED_TYPES = {FieldType.TEXT, FieldType.LONG_TEXT, FieldType.NUMBER}
PHONE = re.compile(r"^\+?[0-9 ()./-]{3,30}$")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float):
        return float(value)
    raise ValidationError(_("Expected a number."))


def _field_clean(index: int, raw: Any, keys: set[str]) -> dict[str, Any]:
    where = _("Field %(n)d") % {"n": index + 1}
    if not isinstance(raw, dict):
        raise ValidationError(_("%(where)s: expected an object.") % {"where": where})
    key = str(raw.get("key", "")).strip()
    if not KEY.match(key):
        raise ValidationError(
            _("%(where)s: the key “%(key)s” must be lowercase letters, digits or _ (max 50).")
            % {"where": where, "key": key[:60]}
        )
    if key in keys:
        raise ValidationError(
            _("%(where)s: the key “%(key)s” is repeated.") % {"where": where, "key": key}
        )
    label = str(raw.get("label", "")).strip()
    if not label or len(label) > 200:
        raise ValidationError(
            _("%(where)s: a label of 1 to 200 characters is required.") % {"where": where}
        )
    field_type = raw.get("type")
    if field_type not in FieldType.values:
        raise ValidationError(
            _("%(where)s: unknown type “%(type)s”.")
            % {"where": where, "type": str(field_type)[:40]}
        )
    field: dict[str, Any] = {
        "key": key,
        "label": label,
        "type": field_type,
        "required": bool(raw.get("required", False)),
        "help": str(raw.get("help", ""))[:500],
    }
    if field_type in BOUNDED_TYPES:
        try:
            low, high = _number(raw.get("min")), _number(raw.get("max"))
        except ValidationError as exc:
            raise ValidationError(
                _("%(where)s: minimum and maximum must be numbers.") % {"where": where}
            ) from exc
        if low is not None and high is not None and low > high:
            raise ValidationError(
                _("%(where)s: the minimum is above the maximum.") % {"where": where}
            )
        field["min"], field["max"] = low, high
    if field_type in CHOICE_TYPES:
        choices = raw.get("choices")
        if not isinstance(choices, list) or not choices:
            raise ValidationError(_("%(where)s: list its choices.") % {"where": where})
        cleaned = [str(c).strip() for c in choices if str(c).strip()]
        if len(cleaned) != len(set(cleaned)) or not cleaned or len(cleaned) > MAX_CHOICES:
            raise ValidationError(
                _("%(where)s: 1 to %(max)d different choices.")
                % {"where": where, "max": MAX_CHOICES}
            )
        field["choices"] = cleaned
    return field


def definition_clean(fields: Any) -> list[dict[str, Any]]:
    """The normalised field list of a form version, or a ValidationError naming the field."""
    if not isinstance(fields, list):
        raise ValidationError(_("The fields must be a list."))
    if len(fields) > MAX_FIELDS:
        raise ValidationError(_("A form has at most %(max)d fields.") % {"max": MAX_FIELDS})
    cleaned: list[dict[str, Any]] = []
    for index, raw in enumerate(fields):
        cleaned.append(_field_clean(index, raw, {f["key"] for f in cleaned}))
    return cleaned


def _length_or_range(field: dict[str, Any], size: float) -> None:
    low, high = field.get("min"), field.get("max")
    if field["type"] == FieldType.NUMBER:
        template_low, template_high = _("At least %(n)s."), _("At most %(n)s.")
    else:
        template_low, template_high = (
            _("At least %(n)s characters."),
            _("At most %(n)s characters."),
        )
    if low is not None and size < low:
        raise ValidationError(template_low % {"n": _plain(low)})
    if high is not None and size > high:
        raise ValidationError(template_high % {"n": _plain(high)})


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _text(field: dict[str, Any], value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Expected text."))
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ValidationError(_("At most %(n)s characters.") % {"n": MAX_TEXT})
    _length_or_range(field, len(value))
    return value


def _value_clean(field: dict[str, Any], value: Any) -> Any:
    kind = field["type"]
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        return _text(field, value)
    if kind == FieldType.NUMBER:
        if isinstance(value, str):
            try:
                value = float(value.replace(",", ".")) if value.strip() else None
            except ValueError as exc:
                raise ValidationError(_("Expected a number.")) from exc
        number = _number(value)
        if number is None:
            raise ValidationError(_("Expected a number."))
        _length_or_range(field, number)
        return int(number) if number.is_integer() else number
    if kind == FieldType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise ValidationError(_("Expected a date (YYYY-MM-DD).")) from exc
    if kind == FieldType.TIME:
        try:
            return time.fromisoformat(str(value)).strftime("%H:%M")
        except ValueError as exc:
            raise ValidationError(_("Expected a time (HH:MM).")) from exc
    if kind == FieldType.CHOICE:
        if value not in field["choices"]:
            raise ValidationError(
                _("“%(value)s” is not one of the choices.") % {"value": str(value)[:100]}
            )
        return value
    if kind == FieldType.MULTIPLE_CHOICE:
        if not isinstance(value, list) or any(v not in field["choices"] for v in value):
            raise ValidationError(_("Expected a list of the choices."))
        return [c for c in field["choices"] if c in value]
    if kind == FieldType.YES_NO:
        if not isinstance(value, bool):
            raise ValidationError(_("Expected yes (true) or no (false)."))
        return value
    if kind == FieldType.PHONE:
        if not isinstance(value, str) or not PHONE.match(value.strip()):
            raise ValidationError(_("Expected a phone number."))
        return value.strip()
    text = _text(field, value)  # e-mail
    validate_email(text)
    return text


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def answers_clean(fields: list[dict[str, Any]], answers: Any) -> dict[str, Any]:
    """The answers, normalised and checked against ``fields``; errors keyed by field key."""
    if not isinstance(answers, dict):
        raise ValidationError(_("The answers must be an object keyed by field."))
    known = {f["key"] for f in fields}
    errors: dict[str, list[str]] = {}
    for key in answers:
        if key not in known:
            errors[str(key)[:60]] = [
                _("This form has no field “%(key)s”.") % {"key": str(key)[:60]}
            ]
    cleaned: dict[str, Any] = {}
    for field in fields:
        value = answers.get(field["key"])
        if _is_empty(value):
            if field["required"]:
                errors[field["key"]] = [_("“%(label)s” is required.") % {"label": field["label"]}]
            continue
        try:
            cleaned[field["key"]] = _value_clean(field, value)
        except ValidationError as exc:
            errors[field["key"]] = [f"{field['label']}: {m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return cleaned


def answer_text(value: Any) -> str:
    """An answer as a person reads it (yes/no translated, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return _plain(value)
    return str(value)


def answers_display(fields: list[dict[str, Any]], answers: dict[str, Any]) -> list[tuple[str, str]]:
    """``(label, text)`` of each field of the form, in its order; answers to fields the form no
    longer has follow under their keys so nothing recorded is hidden."""
    known = {f["key"] for f in fields}
    shown = [(str(f["label"]), answer_text(answers.get(f["key"]))) for f in fields]
    shown += [(str(k), answer_text(v)) for k, v in answers.items() if k not in known]
    return shown
