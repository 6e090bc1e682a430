"""Parts drawn on every row of the CRM's lists, in Python and once per request (``core.row_html``):
a template include per row was a sixth of the action search's time, and the call history's
row, drawn by the template, half of its page's drawing."""

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadencia.contacts.templatetags.contact_actions import contact_actions
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


NOTHING = "—"


@register.simple_tag(takes_context=True)
def history_row(context: Any, call: Any) -> SafeString:
    """One row of the call history: the seed's columns, the contact's row actions, the comment
    (the first CRM comment, else the disposition's notes) and the recordings to play."""
    agent = call.agent
    disposition = call.listed_disposition
    contact = _contact_cell(context, call.contact, exclude="history")
    return format_html(
        '<tr data-call="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td>{}</td><td>{}</td><td class="small">{}</td><td>{}</td></tr>',
        call.pk,
        call.get_direction_display(),
        _moment(call.created_at),
        call.campaign,
        _person(agent) if agent else NOTHING,
        call.number,
        f"{call.duration} s" if call.duration is not None else NOTHING,
        contact,
        disposition.option if disposition else NOTHING,
        _comment(call, disposition),
        _recordings(call.listed_recordings),
    )


def _comment(call: Any, disposition: Any) -> str:
    if call.listed_comment is not None:
        return Truncator(strip_tags(call.listed_comment)).chars(140)
    return Truncator(disposition.notes).chars(140) if disposition and disposition.notes else ""


def _recordings(recordings: list[int]) -> SafeString | str:
    if not recordings:
        return NOTHING
    return format_html_join(
        "",
        '<audio controls preload="none" src="{}" data-testid="recording"></audio>',
        ((reverse("console:recording", args=[pk]),) for pk in recordings),
    )


ROW_COLOURS = {ActionStatus.PENDING: "table-danger", ActionStatus.DONE: "table-success"}


@register.simple_tag(takes_context=True)
def action_row(context: Any, action: Any) -> SafeString:
    """One row of the actions search: pending red, done green; its status changed in place
    by those who may change actions."""
    ticket = action.ticket
    contact = _contact_cell(context, ticket.contact)
    if context["request"].user.has_perm("crm.change_ticketaction"):
        status: Any = action_status_form(context, action)
    else:
        status = action.get_status_display()
    return format_html(
        '<tr class="{}" data-action="{}" data-state="{}"><td><a href="{}">#{}</a> {}</td>'
        "<td>{} · {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td>"
        "<td>{}</td></tr>",
        ROW_COLOURS.get(action.status, ""), action.pk, action.status,
        _ticket_url(context["request"], action.ticket_id), action.ticket_id, ticket.subject,
        action.action_type, action.subject, contact, ticket.company or NOTHING,
        _person(action.assignee) if action.assignee else (action.group or NOTHING),
        action.get_priority_display(), _moment(action.starts_at), _moment(action.due_at), status,
    )  # fmt: skip


def _contact_cell(context: Any, contact: Any, exclude: str = "") -> SafeString | str:
    """The contact's name over its row actions (a drop-down), or a dash."""
    if contact is None:
        return NOTHING
    actions = contact_actions(context, contact, exclude=exclude, compact=True)
    return format_html("{}<div>{}</div>", contact, actions)


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def _moment(value: Any) -> str:
    if value is None:
        return NOTHING
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _ticket_url(request: Any, pk: int) -> str:
    return str(stamped(request, "ticket_url", _ticket_link, pk))


def _ticket_link(pk: int) -> SafeString:
    return SafeString(reverse("crm:ticket_detail", args=[pk]))


@register.simple_tag(takes_context=True)
def ticket_row(context: Any, ticket: Any) -> SafeString:
    """One row of the tickets search: red while an action is pending, green otherwise, with
    the pending actions listed (their status changed in place by those who may)."""
    pending = ticket.pending_actions
    may_change = context["request"].user.has_perm("crm.change_ticketaction")
    counter = ngettext(
        "%(counter)s pending of %(total)s", "%(counter)s pending of %(total)s", len(pending)
    ) % {"counter": len(pending), "total": len(ticket.listed_actions)}
    actions = format_html_join(
        "",
        '<div class="mt-1" data-pending-action="{}">{} · {}{}{}</div>',
        (
            (
                action.pk, action.action_type, action.subject,
                f" · {_person(action.assignee)}" if action.assignee else "",
                format_html("<div>{}</div>", action_status_form(context, action))
                if may_change else "",
            )
            for action in pending
        ),
    )  # fmt: skip
    return format_html(
        '<tr class="{}" data-ticket="{}" data-state="{}"><td><a href="{}">#{}</a></td>'
        "<td>{}</td><td>{}</td><td>{}</td>"
        '<td><small class="text-body-secondary">{}</small>{}</td><td>{} · {}</td></tr>',
        "table-danger" if pending else "table-success", ticket.pk,
        "pending" if pending else "done", _ticket_url(context["request"], ticket.pk), ticket.pk,
        ticket.subject, _contact_cell(context, ticket.contact, exclude="tickets"),
        ticket.company or NOTHING, counter, actions, _moment(ticket.created_at),
        _person(ticket.opened_by),
    )  # fmt: skip
