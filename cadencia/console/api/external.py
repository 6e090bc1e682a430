"""What a customer's system may ask with its token (``Authorization: Bearer <token>``):
click-to-call for one of its agents, and a disposition of a call. Campaigns and agents are
named by the ids that system uses (``Campaign.external_id``, the system's agent map); every
query runs in the system's project only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadencia.accounts.models import User
from cadencia.campaigns.integrations import external_system_for_token
from cadencia.campaigns.models import Campaign, ExternalSystem
from cadencia.console.api.serializers import (
    CallSerializer,
    ClickToCallSerializer,
    DispositionSerializer,
    ExternalDispositionSerializer,
)
from cadencia.console.models import Call
from cadencia.console.services import calls, dispositions
from cadencia.console.services.contacts import contact_create
from cadencia.contacts.models import Contact
from cadencia.core.api import raise_service_error
from cadencia.core.changelog import ChangeSource, change_context
from cadencia.core.scoping import project_scope


class ExternalSystemAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ExternalSystem] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header.")
        system = external_system_for_token(header[1])
        if system is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return AnonymousUser(), system

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ExternalSystemScheme(OpenApiAuthenticationExtension):
    target_class = ExternalSystemAuthentication
    name = "externalSystemToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An external system's token."}


class IsExternalSystem(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ExternalSystem)


class ExternalApiView(APIView):
    authentication_classes = [ExternalSystemAuthentication]
    permission_classes = [IsExternalSystem]

    @contextmanager
    def acting(self, request: Request, agent_key: str) -> Iterator[tuple[ExternalSystem, User]]:
        """The system's project scope, the agent it names (the change log's actor)."""
        system: ExternalSystem = request.auth  # type: ignore[assignment]
        user_id = system.agent_map.get(agent_key)
        with project_scope([system.project_id]):
            agent = User.objects.filter(pk=user_id).first() if user_id else None
            if agent is None:
                raise serializers.ValidationError({"agent": [_("Unknown agent for this system.")]})
            with change_context(source=ChangeSource.API, actor=agent):
                yield system, agent

    @staticmethod
    def campaign(system: ExternalSystem, external_id: str) -> Campaign:
        campaign = Campaign.objects.filter(external_system=system, external_id=external_id).first()
        if campaign is None:
            raise serializers.ValidationError(
                {"campaign": [_("Unknown campaign for this system.")]}
            )
        return campaign


def _contact(campaign: Campaign, number: str, external_id: str) -> Contact | None:
    database = campaign.contact_database
    if database is None:
        return None  # the call creates it
    if external_id:
        found = Contact.objects.filter(database=database, external_id=external_id).first()
        if found is None:
            raise serializers.ValidationError({"contact_external_id": [_("Unknown contact.")]})
        return found
    from cadencia.console.selectors import matching_contacts

    matches = matching_contacts(campaign, number)
    if matches:
        return matches[0]
    return contact_create(campaign=campaign, phones=[number], fields={})


class ClickToCallView(ExternalApiView):
    """Your system asks one of its agents, logged in to the console, to call a number."""

    @extend_schema(request=ClickToCallSerializer, responses={201: CallSerializer})
    def post(self, request: Request) -> Response:
        data = ClickToCallSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with self.acting(request, values["agent"]) as (system, agent):
            campaign = self.campaign(system, values["campaign"])
            try:
                contact = _contact(campaign, values["number"], values["contact_external_id"])
                call = calls.call_dial(
                    agent=agent, campaign=campaign, number=values["number"], contact=contact
                )
            except DjangoValidationError as exc:
                raise_service_error(exc)
            return Response(CallSerializer(call).data, status=201)


class ExternalDispositionView(ExternalApiView):
    """Your system records the disposition of one of its agent's calls."""

    @extend_schema(request=ExternalDispositionSerializer, responses={201: DispositionSerializer})
    def post(self, request: Request) -> Response:
        data = ExternalDispositionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with self.acting(request, values["agent"]) as (system, agent):
            campaign = self.campaign(system, values["campaign"])
            call = Call.objects.filter(pk=values["call"], campaign=campaign, agent=agent).first()
            option = campaign.options.filter(name=values["option"]).first()
            if call is None:
                raise serializers.ValidationError({"call": [_("Unknown call.")]})
            if option is None:
                raise serializers.ValidationError({"option": [_("Unknown disposition.")]})
            try:
                disposition = dispositions.disposition_submit(
                    agent=agent,
                    calls=[call],
                    data=dispositions.DispositionData(
                        option=option,
                        answers=values["answers"],
                        notes=values["notes"],
                        callback_at=values["callback_at"],
                    ),
                )
            except DjangoValidationError as exc:
                raise_service_error(exc)
            return Response(DispositionSerializer(disposition).data, status=201)
