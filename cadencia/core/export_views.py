"""Download buttons of the searches: small downloads are answered at once, larger ones are
followed on their own page while the task worker builds them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from cadencia.core import exports
from cadencia.core.models import Export
from cadencia.core.pages import ActionView, PageView
from cadencia.core.scoping import active_scope


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and target.startswith("/") else "/"


class ExportStart(ActionView):
    """POST source, format and the page's query string (the filters as the page shows them)."""

    def post(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        source = exports.SOURCES.get(request.POST.get("source", ""))
        if source is None:
            raise Http404
        if not exports.may_download(user, source):
            raise PermissionDenied
        fmt = request.POST.get("format", "")
        try:
            exports.check_format(fmt)
            query = exports.query_from_text(request.POST.get("query", ""))
            table = source.table(exports.query_dict(query), user)
            count = table.count()
            if count == 0:
                raise ValidationError(exports.NOTHING)
            if count <= exports.direct_limit():
                return _direct(source, fmt, table)
            export = exports.export_request(user=user, source=source, fmt=fmt, query=query)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_back(request))
        return redirect("core:export", pk=export.pk)


def _direct(source: exports.ExportSource, fmt: str, table: exports.Table) -> HttpResponseBase:
    name = exports.filename(source, fmt)
    if fmt == Export.Format.XLSX:
        return FileResponse(exports.xlsx_file(table), as_attachment=True, filename=name)
    scope = active_scope()
    response = StreamingHttpResponse(
        exports.scoped_lines(lambda: exports.csv_lines(table), scope),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own(request: HttpRequest, pk: int, **extra: str) -> Export:
    export = get_object_or_404(Export, pk=pk, requested_by_id=request.user.pk, **extra)
    exports.source_for(export.source, request.user)
    return export


class ExportStatus(PageView):
    """An export's progress (the page polls it) and, once built, its download."""

    template_name = "core/export.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = _own(request, pk)
        context = {"export": export, "title": exports.SOURCES[export.source].title}
        if request.GET.get("part") == "progress":
            return self.render(context, template="core/export_progress.html")
        return self.render(context)


class ExportFile(PageView):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        export = _own(request, pk, status=Export.Status.DONE)
        name = (export.file.name or "export").rsplit("/", 1)[-1]
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
