"""Downloads over the API: ask for one (built in the background whatever its size), follow
it, fetch its file. Only the requester sees an export."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.core import exports
from cadencia.core.api import ApiViewMixin, raise_service_error
from cadencia.core.models import Export


class DownloadSerializer(serializers.ModelSerializer[Export]):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = [
            "id", "source", "format", "status", "total", "done", "error", "created_at",
            "finished_at", "file_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_file_url(self, export: Export) -> str | None:
        return f"/api/v1/exports/{export.pk}/file/" if export.status == Export.Status.DONE else None


class DownloadRequestSerializer(serializers.Serializer[Any]):
    source = serializers.CharField(max_length=50)  # type: ignore[assignment]
    format = serializers.ChoiceField(choices=Export.Format.choices)
    query = serializers.CharField(
        max_length=exports.MAX_QUERY,
        required=False,
        allow_blank=True,
        help_text="The search's filters as a query string, e.g. status=pending&agent=3.",
    )


class ExportApiView(ApiViewMixin, GenericAPIView[Any]):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DownloadSerializer

    def get_queryset(self) -> QuerySet[Export]:
        return Export.objects.filter(requested_by_id=self.request.user.pk)

    def export(self, pk: int, **extra: Any) -> Export:
        export = get_object_or_404(self.get_queryset(), pk=pk, **extra)
        try:
            exports.source_for(export.source, self.request.user)
        except (PermissionDenied, DjangoValidationError) as exc:
            raise NotFound from exc
        return export


class ExportsView(ExportApiView):
    @extend_schema(request=DownloadRequestSerializer, responses={202: DownloadSerializer})
    def post(self, request: Request) -> Response:
        if not any(exports.may_download(request.user, s) for s in exports.SOURCES.values()):
            raise PermissionDenied
        data = DownloadRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            source = exports.source_for(values["source"], request.user)
            query = exports.query_from_text(values.get("query", ""))
            export = exports.export_request(
                user=request.user, source=source, fmt=values["format"], query=query
            )
        except DjangoValidationError as exc:
            raise_service_error(exc)
        return Response(DownloadSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class ExportView(ExportApiView):
    @extend_schema(responses=DownloadSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(DownloadSerializer(self.export(pk)).data)


class ExportFileView(ExportApiView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")}
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        export = self.export(pk, status=Export.Status.DONE)
        name = (export.file.name or "export").rsplit("/", 1)[-1]
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
