from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import cadencia
from cadencia.core import health
from cadencia.core.filtersets import ChangeLogFilterSet
from cadencia.core.selectors import changelog_entries


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Public liveness/readiness probe for load balancers: no secrets, only states."""
    checks = {
        "database": health.check_database(),
        "channel_layer": health.check_channel_layer(),
        "task_queue": health.check_task_queue(),
    }
    ok = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if ok else "error", "version": cadencia.__version__, "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)


@login_required
@permission_required("core.view_changelogentry", raise_exception=True)
def changelog_list(request: HttpRequest) -> HttpResponse:
    """The global change log with filters; only entries of projects the user can see."""
    filterset = ChangeLogFilterSet(
        request.GET or None, queryset=changelog_entries(), request=request
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/changelog_list.html",
        {"filter": filterset, "entries": page, "page_obj": page, "title": _("Change log")},
    )
