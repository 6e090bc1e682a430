"""The console's API: what the agent's screen does (state, dial, call actions,
dispositions), and what a customer's system may ask with its token (click-to-call, a
disposition), scoped to that system's project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadencia.accounts.http import request_user
from cadencia.campaigns.models import Campaign, DispositionOption, PauseReason
from cadencia.console import selectors
from cadencia.console.api.serializers import (
    CallActionSerializer,
    CallSerializer,
    DialSerializer,
    DispositionRequestSerializer,
    DispositionSerializer,
    InjectedSerializer,
    InjectSerializer,
    SessionSerializer,
    StateRequestSerializer,
    StateSerializer,
)
from cadencia.console.models import Call, Disposition
from cadencia.console.services import agents, calls, dispositions
from cadencia.contacts.models import Contact
from cadencia.core.api import ApiViewMixin, raise_service_error
from cadencia.core.api_auth import RequiresPermission
from cadencia.core.events import latest_event_id


class ConsoleApiView(ApiViewMixin, APIView):
    permission = "console.use_console"

    def get_permissions(self) -> list[Any]:
        return [permissions.IsAuthenticated(), RequiresPermission(self.permission)]


def console_state(request: Request) -> dict[str, Any]:
    agent = request_user(request)
    session = selectors.open_session(agent)
    pending = list(selectors.pending_calls(agent).prefetch_related("recordings")[:50])
    return {
        "logged_in": session is not None,
        "state": session.state if session else "offline",
        "pause_reason": session.pause_reason_id if session else None,
        "since": session.state_since if session else None,
        "campaigns": sorted(session.campaigns.values_list("pk", flat=True)) if session else [],
        "call": CallSerializer(session.call).data if session and session.call else None,
        "pending": CallSerializer(pending, many=True).data,
        "last_event": latest_event_id(),
    }


class ConsoleStateView(ConsoleApiView):
    """The agent's console now (after a reload or reconnect); POST asks for another state."""

    @extend_schema(responses=StateSerializer)
    def get(self, request: Request) -> Response:
        return Response(console_state(request))

    @extend_schema(request=StateRequestSerializer, responses={200: StateSerializer})
    def post(self, request: Request) -> Response:
        data = StateRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = None
        if data.validated_data.get("pause_reason"):
            reason = PauseReason.objects.filter(pk=data.validated_data["pause_reason"]).first()
        try:
            agents.agent_state_request(
                agent=request_user(request), state=data.validated_data["state"], pause_reason=reason
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(console_state(request))


class ConsoleSessionView(ConsoleApiView):
    """Log in to the console to work these campaigns."""

    @extend_schema(request=SessionSerializer, responses={200: StateSerializer})
    def post(self, request: Request) -> Response:
        data = SessionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = set(data.validated_data["campaigns"])
        found = list(Campaign.objects.filter(pk__in=wanted))
        if len(found) != len(wanted):
            raise serializers.ValidationError({"campaigns": [_("Unknown campaign.")]})
        try:
            agents.session_start(agent=request_user(request), campaigns=found)
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(console_state(request))


class DialView(ConsoleApiView):
    """A manual call: the campaign, the number, and the contact of its database it is for."""

    @extend_schema(request=DialSerializer, responses={201: CallSerializer})
    def post(self, request: Request) -> Response:
        data = DialSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = Campaign.objects.filter(pk=data.validated_data["campaign"]).first()
        if campaign is None:
            raise serializers.ValidationError({"campaign": [_("Unknown campaign.")]})
        contact = None
        if data.validated_data.get("contact"):
            contact = Contact.objects.filter(pk=data.validated_data["contact"]).first()
            if contact is None:
                raise serializers.ValidationError({"contact": [_("Unknown contact.")]})
        try:
            call = calls.call_dial(
                agent=request_user(request),
                campaign=campaign,
                number=data.validated_data["number"],
                contact=contact,
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(CallSerializer(call).data, status=201)


ACTIONS: dict[str, Any] = {
    "answer": lambda agent, call, d: calls.call_answer(agent=agent, call=call),
    "hangup": lambda agent, call, d: calls.call_hang_up(agent=agent, call=call),
    "hold": lambda agent, call, d: calls.call_hold(agent=agent, call=call, on=True),
    "unhold": lambda agent, call, d: calls.call_hold(agent=agent, call=call, on=False),
    "record": lambda agent, call, d: calls.call_record(agent=agent, call=call, on=True),
    "stop_record": lambda agent, call, d: calls.call_record(agent=agent, call=call, on=False),
    "transfer": lambda agent, call, d: calls.call_transfer(
        agent=agent, call=call, to=d["to"], attended=d["attended"]
    ),
    "dtmf": lambda agent, call, d: calls.call_send_dtmf(agent=agent, call=call, digits=d["digits"]),
}


class CallActionView(ConsoleApiView):
    """Answer, hang up, hold, transfer (blind or attended), send tones or record a call."""

    @extend_schema(request=CallActionSerializer, responses={200: CallSerializer})
    def post(self, request: Request, pk: int) -> Response:
        agent = request_user(request)
        call = get_object_or_404(Call, pk=pk, agent=agent)
        data = CallActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            ACTIONS[data.validated_data["action"]](agent, call, data.validated_data)
        except DjangoValidationError as exc:
            raise_service_error(exc)
        call.refresh_from_db()
        return Response(CallSerializer(call).data)


class MyDispositionsView(ApiViewMixin, ListAPIView[Disposition]):
    """The agent's dispositions, newest first; POST records one."""

    serializer_class = DispositionSerializer
    ordering = ("-created_at", "-id")

    def get_permissions(self) -> list[Any]:
        return [permissions.IsAuthenticated(), RequiresPermission("console.use_console")]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Disposition.objects.none()
        return Disposition.objects.filter(agent=request_user(self.request)).prefetch_related(
            "calls"
        )

    @extend_schema(request=DispositionRequestSerializer, responses={201: DispositionSerializer})
    def post(self, request: Request) -> Response:
        data = DispositionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        agent = request_user(request)
        found = list(Call.objects.filter(pk__in=values["calls"], agent=agent))
        option = DispositionOption.objects.filter(pk=values["option"]).first()
        if len(found) != len(set(values["calls"])):
            raise serializers.ValidationError({"calls": [_("Unknown call.")]})
        if option is None:
            raise serializers.ValidationError({"option": [_("Unknown disposition.")]})
        contact = None
        if values.get("contact"):
            contact = Contact.objects.filter(pk=values["contact"]).first()
            if contact is None:
                raise serializers.ValidationError({"contact": [_("Unknown contact.")]})
        try:
            disposition = dispositions.disposition_submit(
                agent=agent,
                calls=found,
                contact=contact,
                data=dispositions.DispositionData(
                    option=option,
                    answers=values["answers"],
                    notes=values["notes"],
                    callback_at=values["callback_at"],
                    callback_same_agent=values["callback_same_agent"],
                ),
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(DispositionSerializer(disposition).data, status=201)


class InjectView(ConsoleApiView):
    """A simulated customer calls an inbound campaign (the simulator only)."""

    permission = "console.inject_call"

    @extend_schema(request=InjectSerializer, responses={201: InjectedSerializer})
    def post(self, request: Request) -> Response:
        data = InjectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = Campaign.objects.filter(pk=data.validated_data["campaign"]).first()
        if campaign is None:
            raise serializers.ValidationError({"campaign": [_("Unknown campaign.")]})
        try:
            ref = calls.inbound_inject(campaign=campaign, caller=data.validated_data["caller"])
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response({"call": Call.objects.get(ref=ref).pk}, status=201)
