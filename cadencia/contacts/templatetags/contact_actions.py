from typing import Any

from django import template

from cadencia.contacts.row_actions import ROW_ACTIONS, may_use

register = template.Library()


@register.inclusion_tag("contacts/row_actions.html", takes_context=True)
def contact_actions(context: Any, contact: Any, exclude: str = "") -> dict[str, Any]:
    """The row actions on ``contact`` the user may use (``exclude``: keys, space-separated)."""
    user = context["request"].user
    skipped = set(exclude.split())
    actions = [
        {"action": a, "url": a.url(contact.pk)}
        for a in ROW_ACTIONS
        if a.key not in skipped and may_use(user, a)
    ]
    return {"actions": actions, "contact": contact, "csrf_token": context.get("csrf_token")}
