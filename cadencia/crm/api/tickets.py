"""The CRM's work API: tickets with their actions, action edits (journaled), comments on
actions and calls, SMS conversations. Writes go through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.accounts.http import request_user
from cadencia.accounts.models import User
from cadencia.contacts.models import Contact
from cadencia.core.api import ApiViewMixin, raise_service_error
from cadencia.core.api_auth import RequiresPermission
from cadencia.crm import comments, selectors, services
from cadencia.crm.api.tickets_serializers import (
    ActionDetailSerializer,
    ActionInSerializer,
    ActionPatchSerializer,
    ActionSerializer,
    CommentInSerializer,
    CommentSerializer,
    SmsInSerializer,
    SmsSerializer,
    TicketDetailSerializer,
    TicketInSerializer,
    TicketPatchSerializer,
    TicketSerializer,
)
from cadencia.crm.models import (
    ActionType,
    Attachment,
    Comment,
    JournalEntry,
    SmsMessage,
    Ticket,
    TicketAction,
)
from cadencia.crm.sms import services as sms_services
from cadencia.projects.models import UserGroup
from cadencia.projects.ownership import allowed_projects

VIEW = "crm.view_ticket"


class CrmApiView(ApiViewMixin, GenericAPIView[Any]):
    read_permission = VIEW
    write_permission = VIEW
    model: Any = Ticket

    def get_queryset(self) -> Any:
        # Asked by the schema generator for the model's name only: an empty, unread set.
        return QuerySet(self.model).none()

    def get_permissions(self) -> list[Any]:
        wanted = self.read_permission if self.request.method == "GET" else self.write_permission
        return [permissions.IsAuthenticated(), RequiresPermission(wanted)]


def _pk(model: Any, pk: Any, field: str) -> Any:
    """A related object by id through its scoped manager: another project's is unknown."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise_service_error(DjangoValidationError({field: [f"Unknown {field} id {pk}."]}))
    return found


def _action_data(
    values: dict[str, Any], base: services.ActionData | None = None
) -> services.ActionData:
    data = base or services.ActionData(
        action_type=_pk(ActionType, values["action_type"], "action_type"), subject=""
    )
    for name in ("subject", "status", "priority", "starts_at", "due_at", "cc", "bcc",
                 "notify_contact", "answers"):  # fmt: skip
        if name in values:
            setattr(data, name, values[name])
    if "assignee" in values:
        data.assignee = _user(values["assignee"])
    if "group" in values:
        data.group = _pk(UserGroup, values["group"], "group")
    return data


def _user(pk: int | None) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise_service_error(DjangoValidationError({"assignee": [f"Unknown assignee id {pk}."]}))
    return user


def _ticket_detail(pk: int) -> Ticket:
    actions = TicketAction.objects.select_related("action_type").prefetch_related(
        Prefetch("journal", queryset=JournalEntry.objects.all()),
        Prefetch(
            "comments",
            queryset=Comment.objects.prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.all())
            ),
        ),
    )
    tickets = selectors.tickets_listed().prefetch_related(Prefetch("actions", queryset=actions))
    return get_object_or_404(tickets, pk=pk)


class TicketsView(CrmApiView):
    """A new ticket with its actions (from a call, a contact, or neither); the list is the
    ticket search (``api/searches.py``)."""

    write_permission = "crm.add_ticket"
    serializer_class = TicketSerializer

    @extend_schema(request=TicketInSerializer, responses={201: TicketDetailSerializer})
    def post(self, request: Request) -> Response:
        data = TicketInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request_user(request)
        call = None
        if values.get("call") is not None:
            call = selectors.calls_visible(user).filter(pk=values["call"]).first()
            if call is None:
                raise_service_error(DjangoValidationError({"call": ["Unknown call."]}))
        contact = _pk(Contact, values.get("contact"), "contact")
        if contact is None and call is not None:
            contact = call.contact
        project_id = values.get("project") or (call.project_id if call else None)
        if project_id is None:
            mine = set(allowed_projects(user).values_list("pk", flat=True))
            candidates = (
                [p for p in contact.project_ids() if p in mine] if contact else sorted(mine)
            )
            project_id = candidates[0] if candidates else 0
        try:
            ticket = services.ticket_open(
                project_id=project_id,
                subject=values["subject"],
                description=values.get("description", ""),
                user=user,
                contact=contact,
                call=call,
                actions=[_action_data(a) for a in values["actions"]],
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        detail = TicketDetailSerializer(_ticket_detail(ticket.pk)).data
        return Response(detail, status=status.HTTP_201_CREATED)


class TicketView(CrmApiView):
    write_permission = "crm.change_ticket"
    serializer_class = TicketDetailSerializer

    @extend_schema(responses=TicketDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(TicketDetailSerializer(_ticket_detail(pk)).data)

    @extend_schema(request=TicketPatchSerializer, responses=TicketDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        ticket = _ticket_detail(pk)
        data = TicketPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.ticket_edit(
                ticket=ticket,
                subject=data.validated_data["subject"],
                description=data.validated_data.get("description", ticket.description),
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(TicketDetailSerializer(_ticket_detail(pk)).data)


class TicketActionsView(CrmApiView):
    model = TicketAction
    """Another action on the ticket."""

    write_permission = "crm.add_ticketaction"
    serializer_class = ActionSerializer

    @extend_schema(request=ActionInSerializer, responses={201: ActionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        ticket = _ticket_detail(pk)
        data = ActionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            action = services.action_add(
                ticket=ticket, data=_action_data(data.validated_data), user=request_user(request)
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


def _action(pk: int) -> TicketAction:
    actions = TicketAction.objects.select_related("ticket__contact", "ticket__call", "action_type")
    return get_object_or_404(actions, pk=pk)


class ActionView(CrmApiView):
    model = TicketAction
    """An action with its journal and comments; a partial edit (journaled)."""

    write_permission = "crm.change_ticketaction"
    serializer_class = ActionDetailSerializer

    @extend_schema(responses=ActionDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ActionDetailSerializer(_action(pk)).data)

    @extend_schema(request=ActionPatchSerializer, responses=ActionDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        action = _action(pk)
        data = ActionPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("action_type", None)
        try:
            services.action_update(
                action=action,
                data=_action_data(values, services.action_data_of(action)),
                user=request_user(request),
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(ActionDetailSerializer(_action(pk)).data)


def _comment(request: Request, **target: Any) -> Response:
    data = CommentInSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        comment = comments.comment_add(
            user=request_user(request), data=comments.CommentData(**data.validated_data), **target
        )
    except DjangoValidationError as exc:
        raise_service_error(exc)
    return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class ActionCommentsView(CrmApiView):
    model = Comment
    write_permission = "crm.add_comment"
    serializer_class = CommentSerializer

    @extend_schema(request=CommentInSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return _comment(request, action=_action(pk))


class CallCommentsView(CrmApiView):
    model = Comment
    """A call's comments (agents: their own calls), and a new one."""

    write_permission = "crm.add_comment"
    serializer_class = CommentSerializer

    def _call(self, pk: int) -> Any:
        return get_object_or_404(selectors.calls_visible(request_user(self.request)), pk=pk)

    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        return Response(CommentSerializer(selectors.call_comments(self._call(pk)), many=True).data)

    @extend_schema(request=CommentInSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return _comment(request, call=self._call(pk))


class SmsView(CrmApiView):
    model = SmsMessage
    """A conversation with one of a contact's numbers (newest first, cursor pages); a new
    message (queued, handed to the provider by the task worker)."""

    read_permission = sms_services.READ
    write_permission = "crm.add_smsmessage"
    serializer_class = SmsSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("contact", int, required=True),
            OpenApiParameter("number", str),
        ],
        responses=SmsSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        contact_id = request.query_params.get("contact", "")
        if not contact_id.isdigit() or len(contact_id) > 12:
            raise Http404
        contact = get_object_or_404(Contact.objects.all(), pk=int(contact_id))
        thread = SmsMessage.objects.filter(contact=contact)
        if request.query_params.get("number"):
            thread = thread.filter(number=request.query_params["number"][:20])
        page = self.paginate_queryset(thread.order_by("-pk"))
        return self.get_paginated_response(SmsSerializer(page, many=True).data)

    @extend_schema(request=SmsInSerializer, responses={201: SmsSerializer})
    def post(self, request: Request) -> Response:
        data = SmsInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        contact = _pk(Contact, values["contact"], "contact")
        try:
            message = sms_services.sms_send(
                user=request_user(request),
                contact=contact,
                number=values["number"],
                body=values["body"],
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(SmsSerializer(message).data, status=status.HTTP_201_CREATED)
