"""Reads of the CRM, all through the scoped managers."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from cadencia.console.models import Call
from cadencia.crm.choices import ActionStatus
from cadencia.crm.models import ActionType, Attachment, Comment, JournalEntry, Ticket, TicketAction


def calls_visible(user: Any) -> QuerySet[Call]:
    """Calls a user may see: supervisors every call of their projects, an agent their own."""
    calls = Call.objects.all()
    return calls if user.has_perm("console.view_call") else calls.filter(agent=user)


def tickets_listed(
    *, status: str = "", search: str = "", contact_id: int | None = None
) -> QuerySet[Ticket]:
    tickets = Ticket.objects.select_related("contact", "company", "opened_by").annotate(
        pending=Count("actions", filter=Q(actions__status=ActionStatus.PENDING)),
        action_count=Count("actions"),
    )
    if status == "open":
        tickets = tickets.filter(is_open=True)
    elif status == "closed":
        tickets = tickets.filter(is_open=False)
    if contact_id is not None:
        tickets = tickets.filter(contact_id=contact_id)
    search = search.strip()
    if search:
        number = search.lstrip("#")
        tickets = tickets.annotate(contact_text=Cast("contact__fields", TextField()))
        query = Q(subject__icontains=search) | Q(contact_text__icontains=search)
        if number.isdigit() and len(number) < 12:
            query |= Q(pk=int(number))
        digits = "".join(c for c in search if c.isdigit())
        if len(digits) >= 6:
            query |= Q(call__number__contains=digits)
        tickets = tickets.filter(query)
    return tickets.order_by("-created_at", "-pk")


def ticket_actions(ticket: Ticket) -> list[TicketAction]:
    """The ticket's actions with their journal, comments and attachments: a fixed number of
    queries whatever their count."""
    return list(
        TicketAction.objects.filter(ticket=ticket)
        .select_related("action_type", "assignee", "group", "form_version")
        .prefetch_related(
            Prefetch("journal", queryset=JournalEntry.objects.select_related("user")),
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author").prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.all())
                ),
            ),
        )
        .order_by("pk")
    )


def action_types_of(project_id: int) -> QuerySet[ActionType]:
    return ActionType.objects.filter(project_id=project_id).select_related("form")


def call_comments(call: Call) -> list[Comment]:
    comments = Comment.objects.filter(call=call).select_related("author")
    return list(
        comments.prefetch_related(Prefetch("attachments", queryset=Attachment.objects.all()))
    )
