from typing import Any

from django import template

from cadencia.contacts.row_actions import ROW_ACTIONS, may_use

register = template.Library()


@register.inclusion_tag("contacts/row_actions.html", takes_context=True)
def contact_actions(
    context: Any, contact: Any, exclude: str = "", compact: bool = False
) -> dict[str, Any]:
    """The row actions on ``contact`` the user may use (``exclude``: keys, space-separated;
    ``compact``: in a drop-down, for dense lists)."""
    user = context["request"].user
    skipped = set(exclude.split())
    actions = [
        {"action": a, "url": a.url(contact.pk)}
        for a in ROW_ACTIONS
        if a.key not in skipped and may_use(user, a)
    ]
    return {
        "actions": actions,
        "contact": contact,
        "compact": compact,
        "csrf_token": context.get("csrf_token"),
    }
