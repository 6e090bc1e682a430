"""The import flow in the browser: upload → mapping → report → import, with live progress."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from cadencia.accounts.http import request_user
from cadencia.contacts import import_flow, services
from cadencia.contacts.import_forms import MappingForm, UploadForm
from cadencia.contacts.importing.reader import ReadError
from cadencia.contacts.models import ContactDatabase, ContactImport
from cadencia.contacts.progress import progress_get
from cadencia.core.events import latest_event_id
from cadencia.core.pages import ActionView, PageView

SESSION_KEY = "contact_upload"


def _database(pk: int) -> ContactDatabase:
    return get_object_or_404(ContactDatabase.objects.all(), pk=pk)


class ImportUpload(PageView):
    permission_required = "contacts.add_contact"
    template_name = "contacts/import_upload.html"

    def form(self) -> UploadForm:
        request = self.request
        return UploadForm(
            request.POST or None, request.FILES or None, max_bytes=services.max_upload_bytes()
        )

    def get(self, request: HttpRequest, database_pk: int) -> HttpResponse:
        return self.render({"form": self.form(), "database": _database(database_pk)})

    def post(self, request: HttpRequest, database_pk: int) -> HttpResponse:
        database = _database(database_pk)
        form = self.form()
        if form.is_valid():
            upload = form.cleaned_data["file"]
            path = import_flow.upload_store(upload)
            header = {"auto": None, "yes": True, "no": False}[form.cleaned_data["has_header"]]
            try:
                table = import_flow.upload_open(
                    path,
                    filename=upload.name,
                    has_header=header,
                    sheet=form.cleaned_data["sheet"] or None,
                )
            except ReadError as exc:
                path.unlink(missing_ok=True)
                form.add_error("file", str(exc))
            else:
                request.session[SESSION_KEY] = {
                    "database": database.pk,
                    "path": str(path),
                    "filename": upload.name[:255],
                    "has_header": table.has_header,
                    "sheet": table.sheet,
                }
                return redirect("contacts:import_mapping", database_pk=database.pk)
        return self.render({"form": form, "database": database}, status=400)


class ImportMapping(PageView):
    permission_required = "contacts.add_contact"
    template_name = "contacts/import_mapping.html"

    def load(self, database_pk: int) -> HttpResponse | None:
        """The upload kept in the session, or a redirect to upload it (again)."""
        self.database = _database(database_pk)
        upload = self.request.session.get(SESSION_KEY)
        self.upload: dict[str, Any] = upload or {}
        if upload and upload["database"] == self.database.pk and Path(upload["path"]).exists():
            return None
        messages.error(self.request, _("Upload the file first."))
        return redirect("contacts:import_upload", database_pk=self.database.pk)

    def table(self) -> Any:
        upload = self.upload
        return import_flow.upload_open(
            Path(upload["path"]),
            filename=upload["filename"],
            has_header=upload["has_header"],
            sheet=upload["sheet"],
        )

    def show(self, form: MappingForm, table: Any, *, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "database": self.database,
            "preview": import_flow.preview(table),
            "upload": self.upload,
        }
        return self.render(context, status=status)

    def get(self, request: HttpRequest, database_pk: int) -> HttpResponse:
        if (missing := self.load(database_pk)) is not None:
            return missing
        table = self.table()
        form = MappingForm(columns=table.columns, remembered=self.database.mapping)
        return self.show(form, table)

    def post(self, request: HttpRequest, database_pk: int) -> HttpResponse:
        if (missing := self.load(database_pk)) is not None:
            return missing
        table = self.table()
        upload = self.upload
        form = MappingForm(request.POST, columns=table.columns, remembered=self.database.mapping)
        if form.is_valid():
            options = services.ImportOptions(
                mapping=form.mapping(),
                duplicates=form.cleaned_data["duplicates"],
                duplicate_key=form.cleaned_data["duplicate_key"],
                mode=form.cleaned_data["mode"],
                has_header=upload["has_header"],
                sheet=upload["sheet"],
            )
            try:
                contact_import, _table = services.contact_import_create(
                    database=self.database,
                    path=Path(upload["path"]),
                    filename=upload["filename"],
                    options=options,
                    user=request_user(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                del request.session[SESSION_KEY]
                import_flow.enqueue_check(contact_import, user=request_user(request))
                return redirect("contacts:import_detail", pk=contact_import.pk)
        return self.show(form, table, status=400)


def _import(pk: int) -> ContactImport:
    return get_object_or_404(ContactImport.objects.select_related("database", "created_by"), pk=pk)


class ImportDetail(PageView):
    permission_required = "contacts.view_contact"
    template_name = "contacts/import_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact_import = services.contact_import_reap(contact_import=_import(pk))
        context = {
            "item": contact_import,
            "progress": progress_get(contact_import.token),
            "can_retry": services.contact_import_can_retry(contact_import),
            "last_event_id": latest_event_id(),
        }
        if request.headers.get("HX-Request"):
            return self.render(context, template="contacts/import_status.html")
        return self.render(context)


class ImportStart(ActionView):
    permission_required = "contacts.add_contact"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            import_flow.enqueue_write(_import(pk), user=request_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("contacts:import_detail", pk=pk)


class ImportRetry(ActionView):
    permission_required = "contacts.add_contact"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            import_flow.retry(_import(pk), user=request_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The import starts again."))
        return redirect("contacts:import_detail", pk=pk)


class ImportCancel(ActionView):
    permission_required = "contacts.add_contact"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.contact_import_cancel(contact_import=_import(pk))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The import was cancelled; nothing was written."))
        return redirect("contacts:import_detail", pk=pk)
