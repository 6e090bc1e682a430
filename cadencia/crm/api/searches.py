"""The CRM's searches over the API: the same filters as the pages (``crm.filtersets``), cursor
pages newest first, a fixed number of queries per page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.accounts.http import request_user
from cadencia.console.models import Call
from cadencia.core.api import raise_service_error
from cadencia.core.api_auth import RequiresAnyPermission
from cadencia.crm import searches
from cadencia.crm.api import tickets
from cadencia.crm.api.tickets import CrmApiView
from cadencia.crm.api.tickets_serializers import ActionSerializer
from cadencia.crm.models import Ticket, TicketAction
from cadencia.crm.searches import Search


class SearchedTicketSerializer(serializers.ModelSerializer[Ticket]):
    pending = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id", "project", "subject", "contact", "company", "call", "opened_by", "is_open",
            "pending", "actions", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_pending(self, ticket: Any) -> int:
        return len(ticket.pending_actions)

    def get_actions(self, ticket: Any) -> int:
        return len(ticket.listed_actions)


class HistoryCallSerializer(serializers.ModelSerializer[Call]):
    disposition = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()
    recordings = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id", "direction", "created_at", "campaign", "agent", "number", "duration",
            "contact", "disposition", "comment", "recordings",
        ]  # fmt: skip
        read_only_fields = fields

    def get_disposition(self, call: Any) -> str | None:
        disposition = call.listed_disposition
        return disposition.option if disposition else None

    def get_comment(self, call: Any) -> str:
        if call.listed_comment is not None:
            return str(call.listed_comment)
        return call.listed_disposition.notes if call.listed_disposition else ""

    def get_recordings(self, call: Any) -> list[str]:
        return [f"/console/recordings/{pk}/" for pk in call.listed_recordings]


def _parameters(search: Search) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, str) for name in search.filterset.base_filters]


class SearchView(CrmApiView):
    search: Search

    @property
    def ordering(self) -> tuple[str, ...]:
        """Newest first by the search's date column for these filters: actions asked for by
        start date come by start date, as on the page (their index serves the range)."""
        return (f"-{self.search.page_field(self.request.query_params)}", "-pk")

    def get(self, request: Request) -> Response:
        try:
            _filters, rows = searches.filtered(
                self.search, request.query_params, request_user(request)
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        page = self.paginate_queryset(rows)
        assert page is not None  # noqa: S101 - the API always pages
        self.search.decorate(page)
        serializer = self.get_serializer_class()(page, many=True)
        return self.get_paginated_response(serializer.data)


class TicketsView(SearchView, tickets.TicketsView):
    """Tickets (the search: status, date range, contact, agent, company, text), newest first;
    POST opens one with its actions."""

    search = searches.TICKETS
    serializer_class = SearchedTicketSerializer  # type: ignore[assignment]
    model = Ticket

    @extend_schema(
        parameters=_parameters(searches.TICKETS), responses=SearchedTicketSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class ActionSearchView(SearchView):
    """Ticket actions: status, start date range, contact, agent, company, priority."""

    search = searches.ACTIONS
    serializer_class = ActionSerializer
    model = TicketAction

    @extend_schema(parameters=_parameters(searches.ACTIONS), responses=ActionSerializer(many=True))
    def get(self, request: Request) -> Response:
        return super().get(request)


class HistoryView(SearchView):
    """Calls (an agent's own; every call of the projects with the calls permission)."""

    search = searches.HISTORY
    serializer_class = HistoryCallSerializer
    model = Call

    def get_permissions(self) -> list[Any]:
        return [
            permissions.IsAuthenticated(),
            RequiresAnyPermission(("console.view_call", "console.use_console")),
        ]

    @extend_schema(
        parameters=_parameters(searches.HISTORY), responses=HistoryCallSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        return super().get(request)
