"""The audit's API: the queue (filters, counts, cursor pages), an item's story, decisions,
claims, scorecards and exports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadencia.accounts.http import request_user
from cadencia.audits import exports, selectors
from cadencia.audits.api.serializers import (
    AuditItemSerializer,
    ClaimRequestSerializer,
    DecisionRequestSerializer,
    EntrySerializer,
    ExportRequestSerializer,
    ExportSerializer,
    ItemDetailSerializer,
    QueuePageSerializer,
    ScorecardSerializer,
)
from cadencia.audits.forms import QueueFilterForm, queue_filter_form
from cadencia.audits.models import AuditExport, AuditItem, ScorecardCriterion
from cadencia.audits.selectors import PAGE_SIZES
from cadencia.audits.services import (
    AuditConflict,
    CriterionData,
    DecisionData,
    item_claim,
    item_decide,
    item_release,
    scorecard_save,
)
from cadencia.campaigns.models import Campaign
from cadencia.console.models import Recording
from cadencia.core.api import ApiViewMixin, raise_service_error
from cadencia.core.api_auth import RequiresPermission
from cadencia.core.scoping import active_scope

AUDIT = "audits.audit_dispositions"
FILTERS = [
    OpenApiParameter("status", str, description="waiting (default), a status, or empty for any"),
    OpenApiParameter("campaign", int),
    OpenApiParameter("agent", int),
    OpenApiParameter("auditor", int),
    OpenApiParameter("since", OpenApiTypes.DATE, description="managed on or after"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="managed on or before"),
    OpenApiParameter("external_id", str),
    OpenApiParameter("phone", str),
    OpenApiParameter("unclaimed", bool, description="skip items other auditors hold"),
    OpenApiParameter("sort", str, enum=["-managed_at", "managed_at", "-updated_at"]),
    OpenApiParameter("size", int, enum=list(PAGE_SIZES)),
    OpenApiParameter("after", str, description="the previous page's ``next`` cursor"),
]


class AuditApiView(ApiViewMixin, APIView):
    permission = AUDIT

    def get_permissions(self) -> list[Any]:
        return [permissions.IsAuthenticated(), RequiresPermission(self.permission)]


def _filter_form(request: Request, data: Any) -> QueueFilterForm:
    form = queue_filter_form(data or None, user=request_user(request))
    if form.is_bound and not form.is_valid():
        raise serializers.ValidationError(form.errors.get_json_data())
    return form


def _item(pk: int) -> AuditItem:
    try:
        return selectors.item_for_audit(pk)
    except AuditItem.DoesNotExist as exc:
        raise Http404 from exc


class QueueView(AuditApiView):
    """The queue: items matching the filters, a page at a time (keyset), with counts."""

    @extend_schema(
        operation_id="v1_audit_items_list", parameters=FILTERS, responses=QueuePageSerializer
    )
    def get(self, request: Request) -> Response:
        form = _filter_form(request, request.query_params)
        filters = form.filters()
        size = (form.cleaned_data.get("size") if form.is_bound else None) or PAGE_SIZES[0]
        page = selectors.queue_page(
            filters, after=request.query_params.get("after", "")[:200], size=size
        )
        return Response(
            {
                "results": AuditItemSerializer(page.rows, many=True).data,
                "next": page.next_cursor,
                "counts": selectors.status_counts(filters),
            }
        )


def _story(request: Request, item: AuditItem) -> dict[str, Any]:
    story = selectors.item_story(item)
    return {
        "item": AuditItemSerializer(item).data,
        "answers": [{"field": label, "value": text} for label, text in story.answers],
        "agent_notes": item.disposition.notes,
        "contact_phones": list(item.contact.phones),
        "contact_fields": dict(item.contact.fields),
        "calls": [
            {
                "id": call.pk,
                "direction": call.direction,
                "number": call.number,
                "created_at": call.created_at,
                "duration": call.duration,
                "recordings": [
                    {
                        "id": r.pk,
                        "seconds": r.seconds,
                        "url": request.build_absolute_uri(
                            reverse("audit-recording", args=[item.pk, r.pk])
                        ),
                    }
                    for r in call.recordings.all()
                ],
            }
            for call in story.calls
        ],
        "history": EntrySerializer(story.entries, many=True).data,
    }


class ItemView(AuditApiView):
    @extend_schema(responses=ItemDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_story(request, _item(pk)))


class DecisionView(AuditApiView):
    """Approve, reject or observe the item as it was at ``version``; 409 when someone changed
    it since (the body says who)."""

    @extend_schema(
        request=DecisionRequestSerializer,
        responses={
            200: AuditItemSerializer,
            409: OpenApiResponse(description="Changed by someone else since ``version``."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        data = DecisionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        item = _item(pk)
        scorecard = {row["criterion"]: row["passed"] for row in values.get("scorecard", [])}
        try:
            decided = item_decide(
                auditor=request_user(request),
                item=item,
                data=DecisionData(
                    decision=values["decision"],
                    version=values["version"],
                    note=values.get("note", ""),
                    scorecard=scorecard,
                ),
            )
        except AuditConflict as exc:
            return Response({"detail": exc.messages[0]}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(AuditItemSerializer(decided).data)


class ClaimView(AuditApiView):
    """Hold the item so other auditors skip it (for AUDIT_CLAIM_MINUTES), or let it go."""

    @extend_schema(request=ClaimRequestSerializer, responses={200: AuditItemSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = ClaimRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = _item(pk)
        user = request_user(request)
        try:
            if data.validated_data["release"]:
                item_release(auditor=user, item=item)
            else:
                item_claim(auditor=user, item=item)
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(AuditItemSerializer(_item(pk)).data)


class ScorecardView(AuditApiView):
    """A campaign's scorecard; PUT replaces it (campaign editors)."""

    permission = "campaigns.view_campaign"

    @extend_schema(responses=ScorecardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        criteria = ScorecardCriterion.objects.filter(campaign=campaign)
        return Response(ScorecardSerializer({"criteria": criteria}).data)

    @extend_schema(request=ScorecardSerializer, responses={200: ScorecardSerializer})
    def put(self, request: Request, pk: int) -> Response:
        if not request_user(request).has_perm("campaigns.change_campaign"):
            self.permission_denied(request)
        campaign = get_object_or_404(Campaign, pk=pk)
        data = ScorecardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = [
            CriterionData(c["label"], c.get("weight", 1), c.get("critical", False))
            for c in data.validated_data["criteria"]
        ]
        try:
            saved = scorecard_save(campaign=campaign, criteria=rows)
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(ScorecardSerializer({"criteria": saved}).data)


class ExportsView(AuditApiView):
    """Ask for a CSV or a ZIP of recordings of chosen items or of all that match filters; it
    is built in the background: follow it at /audit/exports/{id}/."""

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportSerializer})
    def post(self, request: Request) -> Response:
        data = ExportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        items = [] if values["everything"] else values.get("items", [])
        query: dict[str, list[str]] = {}
        if values["everything"]:
            raw = QueryDict(mutable=True)
            for key, value in values.get("filters", {}).items():
                if key in QueueFilterForm.base_fields:
                    raw[key] = value
            _filter_form(request, raw)  # refuse bad filters now, not in the task
            query = {k: raw.getlist(k) for k in raw}
        elif not items:
            raise serializers.ValidationError(
                {"items": [_("Choose rows, or export all that match the filter.")]}
            )
        scope = active_scope()
        try:
            export = exports.export_request(
                user=request_user(request),
                kind=values["kind"],
                item_ids=items,
                query=query,
                scope=sorted(scope) if isinstance(scope, frozenset) else None,
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(ExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class ExportView(AuditApiView):
    @extend_schema(responses=ExportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        export = get_object_or_404(AuditExport, pk=pk, requested_by=request_user(request))
        return Response(ExportSerializer(export).data)


class ExportFileView(AuditApiView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> FileResponse:
        export = get_object_or_404(
            AuditExport,
            pk=pk,
            requested_by=request_user(request),
            status=AuditExport.Status.DONE,
        )
        name = (export.file.name or "export").rsplit("/", 1)[-1]
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)


class RecordingView(AuditApiView):
    """A recording of one of the item's calls (WAV)."""

    @extend_schema(responses={(200, "audio/wav"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int, recording: int) -> FileResponse:
        item = _item(pk)
        found = get_object_or_404(
            Recording.objects.all(), pk=recording, call__dispositions=item.disposition_id
        )
        return FileResponse(found.file.open("rb"), content_type="audio/wav")
