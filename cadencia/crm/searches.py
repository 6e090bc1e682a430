"""The CRM's searches as rows: what each page, download and API list reads. A page reads its
rows in one query and their related rows in a fixed number more (``decorate``), whatever the
page size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.http import QueryDict

from cadencia.console.models import Call, Disposition, Recording
from cadencia.contacts.filtersets import valid_qs
from cadencia.core.filter_fields import FilterSet
from cadencia.crm.choices import ActionStatus
from cadencia.crm.filtersets import ActionFilterSet, CallHistoryFilterSet, TicketFilterSet
from cadencia.crm.models import ActionType, Comment, Ticket, TicketAction
from cadencia.crm.selectors import calls_visible
from cadencia.projects.models import UserGroup


@dataclass(frozen=True)
class Search:
    """One search: its filters, the rows a user may see, the date column its pages and
    ranges follow, and what a page adds to its rows."""

    filterset: type[FilterSet]
    rows: Callable[[Any], QuerySet[Any]]  # user → rows
    field: str
    decorate: Callable[[list[Any]], None]
    # The rows as a page reads them: only the columns it shows (the API and downloads read
    # more). Fifty rows with every column of their campaign, agent and contact were a page's
    # slowest part.
    page: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda rows: rows
    # A page filtered by a range of another date column lists in that column's order: what
    # someone asking for June's actions reads, and what its index serves (newest created
    # first, PostgreSQL read every action created since June to find them: 130 ms).
    range_field: str = ""
    range_params: tuple[str, ...] = ()

    def page_field(self, data: Any) -> str:
        """The column a page's rows are ordered and keyset-paged by, for these filters."""
        if self.range_field and any(data.get(name) for name in self.range_params):
            return self.range_field
        return self.field


# The columns a page names people and contacts by.
PERSON = ("username", "first_name", "last_name")
CONTACT = ("fields", "external_id")


def _names(relation: str, columns: tuple[str, ...]) -> list[str]:
    return [f"{relation}__{column}" for column in columns]


def _only(relation: str, model: Any, *columns: str) -> Prefetch[Any]:
    return Prefetch(relation, queryset=model.objects.only("id", *columns))


def page_rows(search: Search, rows: QuerySet[Any]) -> QuerySet[Any]:
    return search.page(rows.select_related(None))


def _actions_page(rows: QuerySet[TicketAction]) -> QuerySet[TicketAction]:
    """The small lookups (types, agents, groups) come in their own queries: joined, they
    made PostgreSQL spend 10 ms planning a 7-table join to run it in 1 ms."""
    return (
        rows.select_related("ticket__contact", "ticket__company")
        .prefetch_related(
            _only("action_type", ActionType, "name"),
            _only("assignee", get_user_model(), *PERSON),
            _only("group", UserGroup, "name"),
        )
        .only(
            *("created_at", "ticket_id", "status", "subject", "priority", "starts_at"),
            *("due_at", "action_type_id", "assignee_id", "group_id"),
            *("ticket__subject", "ticket__company__name", *_names("ticket__contact", CONTACT)),
        )
    )


def _tickets_page(rows: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return rows.select_related("contact", "company", "opened_by").only(
        *("created_at", "subject", "is_open", "company__name"),
        *_names("contact", CONTACT),
        *_names("opened_by", PERSON),
    )


def _history_page(rows: QuerySet[Call]) -> QuerySet[Call]:
    return rows.select_related("campaign", "agent", "contact").only(
        *("created_at", "direction", "number", "duration", "campaign__name"),
        *_names("agent", PERSON),
        *_names("contact", CONTACT),
    )


def _actions(user: Any) -> QuerySet[TicketAction]:
    return TicketAction.objects.select_related(
        "ticket__contact__database", "ticket__company", "action_type", "assignee", "group"
    )


def _tickets(user: Any) -> QuerySet[Ticket]:
    return Ticket.objects.select_related("contact__database", "company", "opened_by")


def _calls(user: Any) -> QuerySet[Call]:
    return calls_visible(user).select_related("campaign", "agent", "contact__database", "company")


def _no_more(rows: list[Any]) -> None:
    return None


def _ticket_actions(tickets: list[Ticket]) -> None:
    """Each ticket's actions (the pending ones are edited from the list): one query."""
    actions = (
        TicketAction.objects.filter(ticket__in=tickets)
        .select_related("action_type", "assignee")
        .only("ticket_id", "status", "subject", "action_type__name", *_names("assignee", PERSON))
        .order_by("pk")
    )
    by_ticket: dict[int, list[TicketAction]] = {t.pk: [] for t in tickets}
    for action in actions:
        by_ticket[action.ticket_id].append(action)
    for ticket in tickets:
        listed = by_ticket[ticket.pk]
        ticket.listed_actions = listed  # type: ignore[attr-defined]
        ticket.pending_actions = [  # type: ignore[attr-defined]
            a for a in listed if a.status == ActionStatus.PENDING
        ]


@dataclass(frozen=True)
class ListedDisposition:
    option: str
    notes: str


@dataclass(frozen=True)
class CallFacts:
    """What a page or a download shows of its calls beyond their rows, by call id: the
    recordings' ids, the newest disposition and the first CRM comment's text."""

    recordings: dict[int, list[int]]
    dispositions: dict[int, ListedDisposition]
    comments: dict[int, str]


RECORDING, DISPOSITION, COMMENT = 1, 2, 3


def call_facts(ids: list[int]) -> CallFacts:
    """One query (a UNION of the three): each round trip to the database cost a page about a
    millisecond, more than the database took to answer."""
    blank = Value("", output_field=TextField())
    parts = (
        Recording.objects.filter(call_id__in=ids)
        .order_by()
        .values_list(Value(RECORDING), "call_id", "pk", blank, blank),
        Disposition.calls.through.objects.filter(call_id__in=ids)
        .order_by()
        .values_list(
            Value(DISPOSITION),
            "call_id",
            "disposition_id",
            Cast("disposition__option__name", TextField()),
            "disposition__notes",
        ),
        Comment.objects.filter(call_id__in=ids)
        .order_by()
        .values_list(Value(COMMENT), "call_id", "pk", "body", blank),
    )
    facts = CallFacts({pk: [] for pk in ids}, {}, {})
    # By kind, then id: recordings in order, the newest disposition and the oldest comment win.
    for kind, call_id, pk, text, notes in sorted(parts[0].union(*parts[1:], all=True)):
        if kind == RECORDING:
            facts.recordings[call_id].append(pk)
        elif kind == DISPOSITION:
            facts.dispositions[call_id] = ListedDisposition(text, notes)
        elif call_id not in facts.comments:
            facts.comments[call_id] = text
    return facts


def _call_details(calls: list[Call]) -> None:
    facts = call_facts([c.pk for c in calls])
    for call in calls:
        call.listed_recordings = facts.recordings[call.pk]  # type: ignore[attr-defined]
        call.listed_disposition = facts.dispositions.get(call.pk)  # type: ignore[attr-defined]
        call.listed_comment = facts.comments.get(call.pk)  # type: ignore[attr-defined]


ACTIONS = Search(
    ActionFilterSet,
    _actions,
    "created_at",
    _no_more,
    page=_actions_page,
    range_field="starts_at",
    range_params=("since", "until"),
)
TICKETS = Search(TicketFilterSet, _tickets, "created_at", _ticket_actions, page=_tickets_page)
HISTORY = Search(CallHistoryFilterSet, _calls, "created_at", _call_details, page=_history_page)


def filtered(search: Search, data: QueryDict | None, user: Any) -> tuple[Any, QuerySet[Any]]:
    """The bound filter set and its rows; ValidationError when a filter is wrong."""
    request = SimpleNamespace(user=user)
    filterset = search.filterset(data, queryset=search.rows(user), request=request)
    if data is None:
        return filterset, search.rows(user)
    return filterset, valid_qs(filterset)


def rows_or_none(search: Search, data: QueryDict, user: Any) -> tuple[Any, QuerySet[Any]]:
    """For pages: wrong filters show their errors over an empty list."""
    try:
        return filtered(search, data or None, user)
    except ValidationError:
        filterset = search.filterset(
            data, queryset=search.rows(user), request=SimpleNamespace(user=user)
        )
        filterset.is_valid()
        return filterset, search.rows(user).none()
