from typing import Any

from django import template

register = template.Library()


@register.filter
def label_lower(obj: Any) -> str:
    return str(obj._meta.label_lower)
