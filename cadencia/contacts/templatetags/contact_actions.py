"""``{% contact_actions contact %}``: the row actions on a contact the user may use.

Built in Python, not with an inclusion template, and drawn once per request
(``core.row_html``): a search page shows it on each of its rows."""

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadencia.contacts.row_actions import ROW_ACTIONS, RowAction, may_use
from cadencia.core.row_html import stamped

register = template.Library()
BUTTON = "btn btn-sm btn-outline-secondary"


def _allowed(request: Any) -> list[RowAction]:
    cached: list[RowAction] | None = getattr(request, "_contact_row_actions", None)
    if cached is None:
        cached = [a for a in ROW_ACTIONS if may_use(request.user, a)]
        request._contact_row_actions = cached
    return cached


def _post(action: RowAction, url: str, token: str, css: str, wrapper: str) -> SafeString:
    return format_html(
        '<form method="post" action="{}" class="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button class="{}" type="submit" data-row-action="{}" title="{}">{} {}</button></form>',
        url, wrapper, token, css, action.key, action.label, action.icon, action.label,
    )  # fmt: skip


def _link(action: RowAction, url: str, css: str) -> SafeString:
    return format_html(
        '<a class="{}" href="{}" data-row-action="{}" title="{}">{} {}</a>',
        css, url, action.key, action.label, action.icon, action.label,
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def contact_actions(
    context: Any, contact: Any, exclude: str = "", compact: bool = False
) -> SafeString:
    """The row actions on ``contact`` the user may use (``exclude``: keys, space-separated;
    ``compact``: in a drop-down, for dense lists)."""
    request = context["request"]
    return stamped(
        request,
        ("contact_actions", exclude, compact),
        lambda pk: _draw(request, pk, exclude, compact),
        contact.pk,
    )


def _draw(request: Any, pk: int, exclude: str, compact: bool) -> SafeString:
    skipped = set(exclude.split())
    actions = [a for a in _allowed(request) if a.key not in skipped]
    if not actions:
        return SafeString("")
    needs_token = any(a.post for a in actions)
    token = get_token(request) if needs_token else ""
    if compact:
        items = format_html_join(
            "",
            "<li>{}</li>",
            (
                (
                    _post(a, a.url(pk), token, "dropdown-item", "")
                    if a.post
                    else _link(a, a.url(pk), "dropdown-item"),
                )
                for a in actions
            ),
        )
        return format_html(
            '<div class="dropdown d-inline-block" data-testid="row-actions" data-contact="{}">'
            '<button class="{} dropdown-toggle" type="button" data-bs-toggle="dropdown" '
            'aria-expanded="false">{}</button><ul class="dropdown-menu">{}</ul></div>',
            pk, BUTTON, _("Actions"), items,
        )  # fmt: skip
    buttons = format_html_join(
        "",
        "{}",
        (
            (
                _post(a, a.url(pk), token, BUTTON, "d-inline")
                if a.post
                else _link(a, a.url(pk), BUTTON),
            )
            for a in actions
        ),
    )
    return format_html(
        '<span class="d-inline-flex flex-wrap gap-1" data-testid="row-actions" '
        'data-contact="{}">{}</span>',
        pk, buttons,
    )  # fmt: skip
