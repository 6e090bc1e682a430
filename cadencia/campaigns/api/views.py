from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.campaigns import integrations, services
from cadencia.campaigns.answers import answers_clean
from cadencia.campaigns.api.serializers import (
    AnswersResultSerializer,
    AnswersSerializer,
    CampaignSerializer,
    ExternalSiteSerializer,
    ExternalSystemSerializer,
    FormSerializer,
    NameSerializer,
    OptionsSerializer,
    PauseReasonSerializer,
    PeopleSerializer,
    TransitionSerializer,
)
from cadencia.campaigns.models import Campaign, ExternalSite, ExternalSystem, Form, PauseReason
from cadencia.core.api_auth import RequiresPermission
from cadencia.projects.api.ownership import OwnedObjectViewSet


def _raise(exc: DjangoValidationError) -> None:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    raise serializers.ValidationError(detail) from exc


class CampaignViewSet(OwnedObjectViewSet):
    model = Campaign
    serializer_class = CampaignSerializer
    filterset_fields = ["name", "type", "state", "is_template", "project"]

    def get_queryset(self) -> Any:
        return (
            Campaign.objects.select_related("project")
            .prefetch_related("options", "agents", "supervisors")
            .order_by("pk")
        )

    def get_permissions(self) -> list[Any]:
        # The wizard's steps and state changes edit the campaign; copies create one (POST).
        if self.action in {"set_options", "people", "transition"}:
            return [IsAuthenticated(), RequiresPermission("campaigns.change_campaign")]
        return list(super().get_permissions())

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.campaign_parameters_save(
            campaign=obj, project_ids=project_ids, user=self.acting_user()
        )

    def perform_destroy(self, instance: Campaign) -> None:
        try:
            services.campaign_delete(campaign=instance)
        except DjangoValidationError as exc:
            _raise(exc)

    def _answer(self, campaign: Campaign) -> Response:
        fresh = self.get_queryset().get(pk=campaign.pk)
        return Response(CampaignSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=OptionsSerializer, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="options", url_name="options")
    def set_options(self, request: Request, pk: str) -> Response:
        """Replace the campaign's disposition options (wizard step 2), in order."""
        campaign = self.get_object()
        data = OptionsSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        rows = [
            services.OptionData(
                pk=row.get("id"),
                name=row["name"],
                kind=row["kind"],
                form=row.get("form"),
                positive=row.get("positive", False),
                hidden=row.get("hidden", False),
            )
            for row in data.validated_data["options"]
        ]
        try:
            services.campaign_options_save(campaign=campaign, options=rows)
        except DjangoValidationError as exc:
            _raise(exc)
        return self._answer(campaign)

    @extend_schema(request=PeopleSerializer, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def people(self, request: Request, pk: str) -> Response:
        """Set the agents and supervisors (wizard step 3): users of the campaign's project."""
        campaign = self.get_object()
        data = PeopleSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            services.campaign_people_save(
                campaign=campaign,
                agents=list(data.validated_data["agents"]),
                supervisors=list(data.validated_data["supervisors"]),
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return self._answer(campaign)

    @extend_schema(request=TransitionSerializer, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the campaign to another state (draft → active ⇄ paused → finished)."""
        campaign = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.campaign_transition(campaign=campaign, state=data.validated_data["state"])
        except DjangoValidationError as exc:
            _raise(exc)
        return self._answer(campaign)

    def _copy(self, request: Request, *, as_template: bool) -> Response:
        source = self.get_object()
        data = NameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        name, user = data.validated_data["name"], self.acting_user()
        try:
            if as_template:
                copy = services.campaign_save_as_template(campaign=source, name=name, user=user)
            else:
                copy = services.campaign_from_template(template=source, name=name, user=user)
        except DjangoValidationError as exc:
            _raise(exc)
        fresh = self.get_queryset().get(pk=copy.pk)
        body = CampaignSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=NameSerializer, responses={201: CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="save-as-template")
    def save_as_template(self, request: Request, pk: str) -> Response:
        """A template with this campaign's settings and options."""
        return self._copy(request, as_template=True)

    @extend_schema(request=NameSerializer, responses={201: CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="create-from-template")
    def create_from_template(self, request: Request, pk: str) -> Response:
        """A new draft campaign from this template, at the people step."""
        return self._copy(request, as_template=False)


class FormViewSet(OwnedObjectViewSet):
    model = Form
    serializer_class = FormSerializer
    filterset_fields = ["name", "project"]
    service_fields = frozenset({"definition"})

    def get_queryset(self) -> Any:
        return Form.objects.select_related("project").prefetch_related("versions").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        fields = self.validated.get("definition", obj.definition if obj.pk else [])
        services.form_save(
            form=obj, project_ids=project_ids, fields=fields, user=self.acting_user()
        )

    def perform_destroy(self, instance: Form) -> None:
        try:
            services.form_delete(form=instance)
        except DjangoValidationError as exc:
            _raise(exc)

    @extend_schema(request=AnswersSerializer, responses={200: AnswersResultSerializer})
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, pk: str) -> Response:
        """Check answers against the form's current version, as a disposition will."""
        form = self.get_object()
        data = AnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            cleaned = answers_clean(form.definition, data.validated_data["answers"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response({"version": form.version_number, "answers": cleaned})

    @extend_schema(request=NameSerializer, responses={201: FormSerializer})
    @action(detail=True, methods=["post"])
    def clone(self, request: Request, pk: str) -> Response:
        """A new form with this form's current fields."""
        form = self.get_object()
        data = NameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            clone = services.form_clone(
                form=form, name=data.validated_data["name"], user=self.acting_user()
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(
            FormSerializer(clone, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class PauseReasonViewSet(OwnedObjectViewSet):
    model = PauseReason
    serializer_class = PauseReasonSerializer
    filterset_fields = ["name", "productive", "project"]

    def get_queryset(self) -> Any:
        return PauseReason.objects.select_related("project").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.pause_reason_save(reason=obj, project_ids=project_ids, user=self.acting_user())

    def perform_destroy(self, instance: PauseReason) -> None:
        services.pause_reason_delete(reason=instance)


class ExternalSiteViewSet(OwnedObjectViewSet):
    model = ExternalSite
    serializer_class = ExternalSiteSerializer
    filterset_fields = ["name", "project"]

    def get_queryset(self) -> Any:
        return ExternalSite.objects.select_related("project").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        integrations.external_site_save(site=obj, project_ids=project_ids, user=self.acting_user())

    def perform_destroy(self, instance: ExternalSite) -> None:
        try:
            integrations.external_site_delete(site=instance)
        except DjangoValidationError as exc:
            _raise(exc)


class ExternalSystemViewSet(OwnedObjectViewSet):
    model = ExternalSystem
    serializer_class = ExternalSystemSerializer
    filterset_fields = ["name", "project"]
    service_fields = frozenset({"agent_map"})

    def get_queryset(self) -> Any:
        return ExternalSystem.objects.select_related("project").order_by("pk")

    def get_permissions(self) -> list[Any]:
        if self.action == "reset_token":
            return [IsAuthenticated(), RequiresPermission("campaigns.change_externalsystem")]
        return list(super().get_permissions())

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        agent_map = self.validated.get("agent_map", obj.agent_map if obj.pk else {})
        self.new_token = integrations.external_system_save(
            system=obj, project_ids=project_ids, agent_map=agent_map, user=self.acting_user()
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        response.data["token"] = self.new_token  # shown once: only its hash is kept
        return response

    def perform_destroy(self, instance: ExternalSystem) -> None:
        try:
            integrations.external_system_delete(system=instance)
        except DjangoValidationError as exc:
            _raise(exc)

    @extend_schema(request=None, responses={200: ExternalSystemSerializer})
    @action(detail=True, methods=["post"], url_path="reset-token")
    def reset_token(self, request: Request, pk: str) -> Response:
        """A new token for the system (returned once); the old one stops working."""
        system = self.get_object()
        system.new_token = integrations.external_system_token_reset(system=system)
        return Response(
            ExternalSystemSerializer(system, context=self.get_serializer_context()).data
        )
