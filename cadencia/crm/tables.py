"""Downloads of the CRM's searches (CSV or XLSX through ``core.exports``): rows read a chunk
at a time with their related rows, in bounded memory."""

from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cadencia.console.choices import Direction
from cadencia.contacts.models import contact_name
from cadencia.core.exports import ExportSource, register
from cadencia.crm import searches
from cadencia.crm.searches import Search

CHUNK = 2000


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _contact(contact: Any) -> list[Any]:
    if contact is None:
        return ["", "", ""]
    return [contact.pk, str(contact), contact.phones[0] if contact.phones else ""]


class SearchTable:
    header: list[str] = []

    def __init__(self, search: Search, query: QueryDict, user: Any) -> None:
        self.search = search
        _filters, rows = searches.filtered(search, query, user)
        self.queryset: QuerySet[Any] = rows.order_by(search.field, "pk")

    def count(self) -> int:
        return self.queryset.count()

    def rows(self) -> Iterator[list[Any]]:
        iterator = self.queryset.iterator(chunk_size=CHUNK)
        while chunk := list(islice(iterator, CHUNK)):
            self.search.decorate(chunk)
            for row in chunk:
                yield self.row(row)

    def row(self, obj: Any) -> list[Any]:
        raise NotImplementedError


class ActionTable(SearchTable):
    header = [
        "action", "ticket", "type", "subject", "status", "priority", "start", "due",
        "agent", "company", "contact_id", "contact", "contact_phone", "created_at",
    ]  # fmt: skip

    def row(self, action: Any) -> list[Any]:
        ticket = action.ticket
        return [
            action.pk,
            ticket.pk,
            action.action_type.name,
            action.subject,
            action.get_status_display(),
            action.get_priority_display(),
            action.starts_at,
            action.due_at,
            _name(action.assignee),
            ticket.company.name if ticket.company else "",
            *_contact(ticket.contact),
            action.created_at,
        ]


class TicketTable(SearchTable):
    header = [
        "ticket", "subject", "status", "pending_actions", "actions", "company",
        "contact_id", "contact", "contact_phone", "opened_by", "created_at",
    ]  # fmt: skip

    def row(self, ticket: Any) -> list[Any]:
        return [
            ticket.pk,
            ticket.subject,
            _("Open") if ticket.is_open else _("Closed"),
            len(ticket.pending_actions),
            len(ticket.listed_actions),
            ticket.company.name if ticket.company else "",
            *_contact(ticket.contact),
            _name(ticket.opened_by),
            ticket.created_at,
        ]


class HistoryTable(SearchTable):
    """Read as tuples, not models: a download of 100,000 calls would otherwise build seven
    objects a row."""

    header = [
        "call", "direction", "time", "campaign", "agent", "number", "duration_seconds",
        "disposition", "contact_id", "contact", "company", "comment", "recorded",
    ]  # fmt: skip
    columns = (
        "pk", "direction", "created_at", "campaign__name", "agent__username",
        "agent__first_name", "agent__last_name", "number", "duration", "contact_id",
        "contact__fields", "contact__external_id", "company__name",
    )  # fmt: skip

    def rows(self) -> Iterator[list[Any]]:
        directions = dict(Direction.choices)
        iterator = self.queryset.values_list(*self.columns).iterator(chunk_size=CHUNK)
        while chunk := list(islice(iterator, CHUNK)):
            facts = searches.call_facts([row[0] for row in chunk])
            for row in chunk:
                yield self.line(row, facts, directions)

    def line(self, row: tuple[Any, ...], facts: Any, directions: dict[str, Any]) -> list[Any]:
        (pk, direction, created_at, campaign, username, first, last, number, duration,
         contact_id, fields, external_id, company) = row  # fmt: skip
        disposition = facts.dispositions.get(pk)
        comment = facts.comments.get(pk)
        agent = f"{first} {last}".strip() or username or ""
        if comment is not None:
            text = strip_tags(comment)[:1000]
        else:
            text = disposition.notes if disposition else ""
        return [
            pk,
            directions.get(direction, direction),
            created_at,
            campaign,
            agent,
            number,
            duration,
            disposition.option if disposition else "",
            contact_id or "",
            contact_name(fields or {}, external_id or "", contact_id) if contact_id else "",
            company or "",
            text,
            bool(facts.recordings[pk]),
        ]


def _source(
    name: str, title: Any, permissions: tuple[str, ...], table: type[SearchTable], search: Search
) -> None:
    register(
        ExportSource(
            name=name,
            title=title,
            permissions=permissions,
            table=lambda query, user: table(search, query, user),
            filename=name.replace("crm.", ""),
        )
    )


def register_downloads() -> None:
    _source("crm.actions", _("Actions"), ("crm.view_ticket",), ActionTable, searches.ACTIONS)
    _source("crm.tickets", _("Tickets"), ("crm.view_ticket",), TicketTable, searches.TICKETS)
    _source(
        "crm.history",
        _("Call history"),
        ("console.view_call", "console.use_console"),
        HistoryTable,
        searches.HISTORY,
    )
