"""Import through the API: upload (returns columns and sample rows), create with a mapping (the
rows are checked in the background), read status and progress, start, cancel."""

import json
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.contacts import services
from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy, ImportMode
from cadencia.contacts.importing.reader import ReadError, open_table
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import ContactDatabase, ContactImport
from cadencia.contacts.progress import progress_get
from cadencia.contacts.tasks import contact_import_check_task, contact_import_execute_task
from cadencia.core.api import ApiViewMixin
from cadencia.core.scoping import scope_for_user

PREVIEW_ROWS = 5


class ContactImportSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    # Stored as message ids; shown in the language of the request.
    rejected_by_reason = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta:
        model = ContactImport
        fields = [
            "id",
            "database",
            "filename",
            "status",
            "mode",
            "duplicates",
            "duplicate_key",
            "mapping",
            "rows_read",
            "rows_valid",
            "rows_rejected",
            "existing",
            "rejected_by_reason",
            "problems",
            "created",
            "updated",
            "skipped",
            "error",
            "created_at",
            "finished_at",
            "progress",
        ]
        read_only_fields = fields

    def get_progress(self, item: ContactImport) -> dict[str, Any] | None:
        return progress_get(item.token)

    def get_rejected_by_reason(self, item: ContactImport) -> dict[str, int]:
        return item.reasons()

    def get_problems(self, item: ContactImport) -> list[dict[str, Any]]:
        return item.report()


@extend_schema_field(OpenApiTypes.INT)
class DatabaseField(serializers.PrimaryKeyRelatedField):
    """A contact database of the request's scope; another project's id is "does not exist"."""

    def get_queryset(self) -> Any:
        return ContactDatabase.objects.all()


class UploadSerializer(serializers.Serializer):
    database = DatabaseField()
    file = serializers.FileField()
    has_header = serializers.BooleanField(required=False, allow_null=True, default=None)
    sheet = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CreateSerializer(serializers.Serializer):
    upload = serializers.UUIDField()
    phone_columns = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    external_id_column = serializers.CharField(required=False, allow_blank=True, default="")
    column_types = serializers.DictField(
        child=serializers.CharField(), required=False, default=dict
    )
    ignored = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    duplicates = serializers.ChoiceField(DuplicatePolicy.choices, default=DuplicatePolicy.SKIP)
    duplicate_key = serializers.ChoiceField(DuplicateKey.choices, default=DuplicateKey.PHONE)
    mode = serializers.ChoiceField(ImportMode.choices, default=ImportMode.APPEND)


def _upload_dir() -> Path:
    directory = Path(settings.CONTACT_IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _meta_path(token: object) -> Path:
    return _upload_dir() / f"upload-{token}.json"


def _task_scope(request: Request) -> dict[str, Any]:
    scope = scope_for_user(request.user)
    return {
        "scope_projects": sorted(scope) if isinstance(scope, frozenset) else None,
        "actor_id": request.user.pk,
    }


class ContactImportViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ContactImportSerializer
    ordering = "-pk"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["database", "status"]

    def get_queryset(self) -> Any:
        return ContactImport.objects.select_related("database").order_by("-pk")

    def get_permissions(self) -> list[Any]:
        # Imports are read like contacts and written by who may add contacts (as on the pages).
        writes = {"upload", "create_import", "start", "cancel"}
        needed = "contacts.add_contact" if self.action in writes else "contacts.view_contact"
        return [permissions.IsAuthenticated(), _HasPermission(needed)]

    @action(detail=False, methods=["post"], serializer_class=UploadSerializer)
    def upload(self, request: Request) -> Response:
        """Store a CSV/XLSX file; answers its columns and first rows, and an ``upload`` id."""
        data = UploadSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > services.max_upload_bytes():
            raise serializers.ValidationError({"file": _("The file is over the size limit.")})
        token = uuid.uuid4()
        suffix = Path(upload.name).suffix.lower()
        path = _upload_dir() / f"upload-{token}{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            table = open_table(
                path,
                filename=upload.name,
                max_bytes=services.max_upload_bytes(),
                has_header=data.validated_data.get("has_header"),
                sheet=data.validated_data.get("sheet") or None,
            )
        except ReadError as exc:
            path.unlink(missing_ok=True)
            raise serializers.ValidationError({"file": str(exc)}) from exc
        meta = {
            "database": data.validated_data["database"].pk,
            "path": str(path),
            "filename": upload.name[:255],
            "has_header": table.has_header,
            "sheet": table.sheet,
        }
        _meta_path(token).write_text(json.dumps(meta))
        preview = [cells for _n, cells in zip(range(PREVIEW_ROWS), table.rows(), strict=False)]
        return Response(
            {
                "upload": str(token),
                "columns": table.columns,
                "has_header": table.has_header,
                "sheets": table.sheets,
                "preview": [cells for _n, cells in preview],
                "remembered_mapping": data.validated_data["database"].mapping,
            },
            status=status.HTTP_201_CREATED,
        )

    @action(detail=False, methods=["post"], url_path="create", serializer_class=CreateSerializer)
    def create_import(self, request: Request) -> Response:
        """Choose the mapping for an upload; its rows are then checked in the background."""
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        meta_path = _meta_path(values["upload"])
        if not meta_path.exists():
            raise serializers.ValidationError({"upload": _("Unknown or already used upload.")})
        meta = json.loads(meta_path.read_text())
        database = ContactDatabase.objects.filter(pk=meta["database"]).first()
        if database is None:  # uploaded by someone who sees another project
            raise serializers.ValidationError({"upload": _("Unknown or already used upload.")})
        options = services.ImportOptions(
            mapping=Mapping(
                values["phone_columns"],
                values["external_id_column"],
                values["column_types"],
                values["ignored"],
            ),
            duplicates=values["duplicates"],
            duplicate_key=values["duplicate_key"],
            mode=values["mode"],
            has_header=meta["has_header"],
            sheet=meta["sheet"],
        )
        try:
            contact_import, _table = services.contact_import_create(
                database=database,
                path=Path(meta["path"]),
                filename=meta["filename"],
                options=options,
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        meta_path.unlink(missing_ok=True)
        contact_import_check_task.enqueue(
            import_id=contact_import.pk, upload_path=meta["path"], **_task_scope(request)
        )
        return Response(
            ContactImportSerializer(contact_import).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        """Write the checked rows (all or nothing), in the background."""
        contact_import = self.get_object()
        if contact_import.status != ContactImport.Status.VALIDATED:
            raise serializers.ValidationError(
                {"status": _("This import is not waiting to be imported.")}
            )
        contact_import_execute_task.enqueue(import_id=contact_import.pk, **_task_scope(request))
        return Response(
            ContactImportSerializer(contact_import).data, status=status.HTTP_202_ACCEPTED
        )

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        contact_import = self.get_object()
        try:
            services.contact_import_cancel(contact_import=contact_import)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"status": exc.messages}) from exc
        return Response(ContactImportSerializer(contact_import).data)


class _HasPermission(permissions.BasePermission):
    def __init__(self, permission: str) -> None:
        self.permission = permission

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(self.permission))
