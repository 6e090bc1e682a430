"""Import through the API: upload (returns columns and sample rows), create with a mapping (the
rows are checked in the background), read status and progress, start, cancel."""

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.accounts.models import User
from cadencia.contacts import import_flow, services
from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy, ImportMode
from cadencia.contacts.importing.phones import PhonePolicy
from cadencia.contacts.importing.reader import ReadError
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import ContactDatabase, ContactImport
from cadencia.contacts.progress import progress_get
from cadencia.core.api import ApiViewMixin
from cadencia.core.api_auth import RequiresPermission

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
    phone_policy = serializers.ChoiceField(
        [PhonePolicy.STRICT, PhonePolicy.KEEP],
        default=PhonePolicy.STRICT,
        help_text="strict: reject numbers libphonenumber cannot validate; keep: keep their "
        "digits, marked unverified. phone_columns are in order, the main number first.",
    )


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # behind IsAuthenticated
        raise PermissionDenied
    return user


def _meta_path(token: object) -> Path:
    return import_flow.upload_dir() / f"upload-{token}.json"


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

    def get_object(self) -> ContactImport:
        # A reader of the import notices when the process working on it died.
        return services.contact_import_reap(contact_import=super().get_object())

    def get_permissions(self) -> list[Any]:
        # Imports are read like contacts and written by who may add contacts (as on the pages).
        writes = {"upload", "create_import", "start", "cancel", "retry"}
        needed = "contacts.add_contact" if self.action in writes else "contacts.view_contact"
        return [permissions.IsAuthenticated(), RequiresPermission(needed)]

    @action(detail=False, methods=["post"], serializer_class=UploadSerializer)
    def upload(self, request: Request) -> Response:
        """Store a CSV/XLSX file; answers its columns and first rows, and an ``upload`` id."""
        data = UploadSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > services.max_upload_bytes():
            raise serializers.ValidationError({"file": _("The file is over the size limit.")})
        token = uuid.uuid4()
        path = import_flow.upload_store(upload)
        try:
            table = import_flow.upload_open(
                path,
                filename=upload.name,
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
        return Response(
            {
                "upload": str(token),
                "columns": table.columns,
                "has_header": table.has_header,
                "sheets": table.sheets,
                "preview": import_flow.preview(table),
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
                values["phone_policy"],
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
                user=_user(request),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        meta_path.unlink(missing_ok=True)
        import_flow.enqueue_check(contact_import, user=_user(request))
        return Response(
            ContactImportSerializer(contact_import).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        """Write the checked rows (all or nothing), in the background."""
        contact_import = self.get_object()
        try:
            import_flow.enqueue_write(contact_import, user=_user(request))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return Response(
            ContactImportSerializer(contact_import).data, status=status.HTTP_202_ACCEPTED
        )

    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        """Start an import whose process died again, from the step that died."""
        contact_import = self.get_object()
        try:
            import_flow.retry(contact_import, user=_user(request))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"status": exc.messages}) from exc
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
