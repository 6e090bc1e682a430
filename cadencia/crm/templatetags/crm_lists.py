"""Parts drawn on every row of the CRM's lists, in Python and once per request (``core.row_html``):
a template include per row was a sixth of the action search's time."""

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cadencia.core.row_html import stamped
from cadencia.crm.choices import ActionStatus

register = template.Library()
SELECTED = mark_safe(" selected")


@register.simple_tag(takes_context=True)
def action_status_form(context: Any, action: Any) -> SafeString:
    """Change an action's status from a list (journaled like any edit), then come back."""
    request = context["request"]
    return stamped(
        request,
        ("action_status_form", action.status),
        lambda pk: _status_form(request, pk, action.status),
        action.pk,
    )


def _status_form(request: Any, pk: int, status: str) -> SafeString:
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, SELECTED if value == status else "", label)
            for value, label in ActionStatus.choices
        ),
    )
    return format_html(
        '<form method="post" action="{}" class="d-inline-flex gap-1" '
        'data-testid="action-status-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<label class="visually-hidden" for="status-{}">{}</label>'
        '<select id="status-{}" name="status" class="form-select form-select-sm w-auto">{}</select>'
        '<button class="btn btn-sm btn-outline-primary" type="submit">{}</button>'
        '<a class="btn btn-sm btn-link" href="{}">{}</a></form>',
        reverse("crm:action_status", args=[pk]), get_token(request),
        request.get_full_path(), pk, _("Status"), pk, options, _("Save"),
        reverse("crm:action_edit", args=[pk]), _("Edit"),
    )  # fmt: skip
