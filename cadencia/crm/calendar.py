"""The shared calendar (the seed's section 6): ticket actions with dates and scheduled
callbacks, on the agendas a user may see; moving an item (checked, journaled, pushed live);
a read-only iCalendar feed per user behind a revocable secret address."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar as ICalendar
from icalendar import Event as ICalEvent

from cadencia.accounts.models import User
from cadencia.console.models import Disposition
from cadencia.contacts.row_actions import ROW_ACTIONS, may_use
from cadencia.core.events import publish
from cadencia.core.history import log_action
from cadencia.core.tenancy import tenancy
from cadencia.crm import services
from cadencia.crm.choices import ActionStatus
from cadencia.crm.events import CalendarChanged
from cadencia.crm.models import CalendarFeed, TicketAction
from cadencia.projects.models import UserGroup

MAX_ITEMS = 2000
TEAM = "console.supervise_agents"  # who may open other users' agendas
ACTION, CALLBACK = "action", "callback"
COLOURS = {ActionStatus.PENDING: "#dc3545", ActionStatus.DONE: "#198754", CALLBACK: "#0d6efd"}
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 30, 365


@dataclass(frozen=True)
class Agenda:
    """Whose items: users (None: everyone the viewer may see) and groups (actions assigned to
    a group rather than a person)."""

    users: list[int] | None
    groups: list[int] | None


def agenda_for(user: User, who: str, group: str = "", agents: list[str] | None = None) -> Agenda:
    """The agenda a user asked for, cut to what they may see: without the team permission,
    only their own (and their groups' actions)."""
    own_groups = list(UserGroup.objects.filter(members=user).values_list("pk", flat=True))
    if who == "me" or not user.has_perm(TEAM):
        return Agenda([user.pk], own_groups)
    visible = tenancy().users_visible(user)
    if who == "group" and group.isdigit() and len(group) < 12:
        chosen = UserGroup.objects.filter(pk=int(group)).first()
        if chosen is None:
            raise ValidationError({"group": _("Unknown group.")})
        members = visible.filter(user_groups=chosen).values_list("pk", flat=True)
        return Agenda(list(members), [chosen.pk])
    if who == "agents":
        ids = [int(a) for a in (agents or []) if a.isdigit() and len(a) < 12][:100]
        return Agenda(list(visible.filter(pk__in=ids).values_list("pk", flat=True)), [])
    return Agenda(None, None)


def _actions(agenda: Agenda, start: datetime.datetime, end: datetime.datetime) -> Any:
    actions = TicketAction.objects.exclude(status=ActionStatus.CANCELLED).filter(starts_at__lt=end)
    actions = actions.filter(Q(due_at__gte=start) | Q(due_at__isnull=True, starts_at__gte=start))
    if agenda.users is not None:
        mine = Q(assignee_id__in=agenda.users)
        if agenda.groups:
            mine |= Q(assignee__isnull=True, group_id__in=agenda.groups)
        actions = actions.filter(mine)
    return actions.select_related("ticket__contact", "action_type", "assignee").order_by(
        "starts_at", "pk"
    )


def _callbacks(agenda: Agenda, start: datetime.datetime, end: datetime.datetime) -> Any:
    callbacks = Disposition.objects.filter(
        is_current=True, callback_at__gte=start, callback_at__lt=end
    )
    if agenda.users is not None:
        callbacks = callbacks.filter(agent_id__in=agenda.users)
    return callbacks.select_related("contact", "agent", "campaign").order_by("callback_at", "pk")


def _row_actions(user: User, contact: Any) -> list[dict[str, str]]:
    if contact is None:
        return []
    return [
        {"key": a.key, "label": str(a.label), "url": a.url(contact.pk), "post": str(a.post)}
        for a in ROW_ACTIONS
        if may_use(user, a)
    ]


def _person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


def calendar_items(
    user: User, agenda: Agenda, start: datetime.datetime, end: datetime.datetime
) -> list[dict[str, Any]]:
    """The items between ``start`` and ``end`` as FullCalendar reads them."""
    may_move_actions = user.has_perm("crm.change_ticketaction")
    items: list[dict[str, Any]] = []
    for action in _actions(agenda, start, end)[:MAX_ITEMS]:
        contact = action.ticket.contact
        items.append(
            {
                "id": f"{ACTION}-{action.pk}",
                "title": f"#{action.ticket_id} {action.action_type} · {action.subject}",
                "start": action.starts_at.isoformat(),
                "end": action.due_at.isoformat()
                if action.due_at and action.due_at > action.starts_at
                else None,
                "color": COLOURS[action.status],
                "editable": may_move_actions and action.status == ActionStatus.PENDING,
                "extendedProps": {
                    "kind": ACTION,
                    "pk": action.pk,
                    "status": action.status,
                    "who": _person(action.assignee) or str(action.group or ""),
                    "contact": str(contact) if contact else "",
                    "url": f"/crm/tickets/{action.ticket_id}/",
                    "actions": _row_actions(user, contact),
                },
            }
        )
    for callback in _callbacks(agenda, start, end)[:MAX_ITEMS]:
        items.append(
            {
                "id": f"{CALLBACK}-{callback.pk}",
                "title": _("Call back %(contact)s") % {"contact": callback.contact},
                "start": callback.callback_at.isoformat(),
                "end": None,
                "color": COLOURS[CALLBACK],
                "editable": callback.agent_id == user.pk or user.has_perm(TEAM),
                "extendedProps": {
                    "kind": CALLBACK,
                    "pk": callback.pk,
                    "status": "",
                    "who": _person(callback.agent),
                    "contact": str(callback.contact),
                    "url": f"/contacts/contacts/{callback.contact_id}/",
                    "actions": _row_actions(user, callback.contact),
                },
            }
        )
    return items


def _check_time(start: datetime.datetime) -> None:
    now = timezone.now()
    if start < now - datetime.timedelta(minutes=1):
        raise ValidationError({"start": _("Choose a time that has not passed.")})
    if start > now + datetime.timedelta(days=366):
        raise ValidationError({"start": _("Choose a time within a year.")})


def _announce(kind: str, item_id: int, project_id: int, user_id: int | None) -> None:
    publish(
        CalendarChanged(kind=kind, item_id=item_id, user_id=user_id),
        projects=[project_id],
        permission="crm.view_ticket",
    )


def action_move(
    *, user: User, action: TicketAction, start: datetime.datetime, end: datetime.datetime | None
) -> TicketAction:
    """A pending action to a new start (its due date keeps its distance, or ``end``);
    journaled like any edit of the action, pushed to the calendars that show it."""
    if not user.has_perm("crm.change_ticketaction"):
        raise PermissionDenied
    if action.status != ActionStatus.PENDING:
        raise ValidationError(_("Only pending actions can be moved."))
    _check_time(start)
    if end is not None and end <= start:
        raise ValidationError({"end": _("The end must come after the start.")})
    data = services.action_data_of(action)
    if end is None and action.due_at and action.starts_at:
        end = action.due_at + (start - action.starts_at)
    data.starts_at, data.due_at = start, end if end is not None else action.due_at
    with transaction.atomic():
        updated = services.action_update(action=action, data=data, user=user)
        _announce(ACTION, action.pk, action.project_id, action.assignee_id)
    return updated


def callback_move(*, user: User, callback: Disposition, start: datetime.datetime) -> Disposition:
    """A scheduled callback to a new time: by its agent or a supervisor; logged."""
    if callback.agent_id != user.pk and not user.has_perm(TEAM):
        raise PermissionDenied
    if callback.callback_at is None or not callback.is_current:
        raise ValidationError(_("This callback is no longer scheduled."))
    _check_time(start)
    before = callback.callback_at
    with transaction.atomic():
        Disposition.objects.filter(pk=callback.pk).update(callback_at=start)
        callback.callback_at = start
        log_action(
            callback,
            "crm.callback_moved",
            before=before.isoformat(),
            after=start.isoformat(),
        )
        _announce(CALLBACK, callback.pk, callback.project_id, callback.agent_id)
    return callback


# ---- the iCalendar feed ------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_create(*, user: User) -> str:
    """A new secret address for ``user`` (the old one stops working); returns the secret."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
    return token


def feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def feed_user(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token)).first()
    return feed.user if feed is not None and feed.user.is_active else None


def feed_ics(user: User) -> bytes:
    """The user's own agenda from a month back to a year ahead (RFC 5545)."""
    now = timezone.now()
    start = now - datetime.timedelta(days=FEED_DAYS_BACK)
    end = now + datetime.timedelta(days=FEED_DAYS_AHEAD)
    agenda = agenda_for(user, "me")
    calendar = ICalendar()
    calendar.add("prodid", "-//Cadencia//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Cadencia: %(user)s") % {"user": _person(user)})
    for item in calendar_items(user, agenda, start, end):
        event = ICalEvent()
        event.add("uid", f"{item['id']}@cadencia")
        event.add("dtstamp", now)
        event.add("dtstart", datetime.datetime.fromisoformat(item["start"]))
        if item["end"]:
            event.add("dtend", datetime.datetime.fromisoformat(item["end"]))
        event.add("summary", item["title"])
        details = item["extendedProps"]
        event.add("description", " · ".join(v for v in (details["contact"], details["who"]) if v))
        calendar.add_component(event)
    return calendar.to_ical()


def visible_groups(user: User) -> QuerySet[UserGroup]:
    return UserGroup.objects.order_by("name")
