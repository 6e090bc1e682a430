"""The import flow in the browser: upload → mapping → report → import, with live progress."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadencia.accounts.http import request_user
from cadencia.contacts import import_flow, services
from cadencia.contacts.import_forms import MappingForm, UploadForm
from cadencia.contacts.importing.reader import ReadError
from cadencia.contacts.models import ContactDatabase, ContactImport
from cadencia.contacts.progress import progress_get
from cadencia.core.events import latest_event_id

SESSION_KEY = "contact_upload"


def _database(pk: int) -> ContactDatabase:
    return get_object_or_404(ContactDatabase.objects.all(), pk=pk)


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
def import_upload(request: HttpRequest, database_pk: int) -> HttpResponse:
    database = _database(database_pk)
    form = UploadForm(
        request.POST or None, request.FILES or None, max_bytes=services.max_upload_bytes()
    )
    if request.method == "POST" and form.is_valid():
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
    return render(
        request,
        "contacts/import_upload.html",
        {"form": form, "database": database},
        status=400 if form.errors else 200,
    )


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
def import_mapping(request: HttpRequest, database_pk: int) -> HttpResponse:
    database = _database(database_pk)
    upload = request.session.get(SESSION_KEY)
    if not upload or upload["database"] != database.pk or not Path(upload["path"]).exists():
        messages.error(request, _("Upload the file first."))
        return redirect("contacts:import_upload", database_pk=database.pk)
    path = Path(upload["path"])
    table = import_flow.upload_open(
        path, filename=upload["filename"], has_header=upload["has_header"], sheet=upload["sheet"]
    )
    form = MappingForm(request.POST or None, columns=table.columns, remembered=database.mapping)
    if request.method == "POST" and form.is_valid():
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
                database=database,
                path=path,
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
    preview = import_flow.preview(table)
    return render(
        request,
        "contacts/import_mapping.html",
        {"form": form, "database": database, "preview": preview, "upload": upload},
    )


def _import(pk: int) -> ContactImport:
    return get_object_or_404(ContactImport.objects.select_related("database", "created_by"), pk=pk)


@login_required
@permission_required("contacts.view_contact", raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = services.contact_import_reap(contact_import=_import(pk))
    context = {
        "item": contact_import,
        "progress": progress_get(contact_import.token),
        "can_retry": services.contact_import_can_retry(contact_import),
        "last_event_id": latest_event_id(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "contacts/import_status.html", context)
    return render(request, "contacts/import_detail.html", context)


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        import_flow.enqueue_write(_import(pk), user=request_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("contacts:import_detail", pk=pk)


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        import_flow.retry(_import(pk), user=request_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import starts again."))
    return redirect("contacts:import_detail", pk=pk)


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = _import(pk)
    try:
        services.contact_import_cancel(contact_import=contact_import)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect("contacts:import_detail", pk=pk)
