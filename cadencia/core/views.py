from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

import cadencia
from cadencia.core import health
from cadencia.core.filtersets import ChangeLogFilterSet
from cadencia.core.pages import PageView
from cadencia.core.selectors import changelog_entries


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """Public liveness/readiness probe for load balancers: no secrets, only states."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> JsonResponse:
        checks = {
            "database": health.check_database(),
            "channel_layer": health.check_channel_layer(),
            "task_queue": health.check_task_queue(),
        }
        ok = all(check["ok"] for check in checks.values())
        body = {
            "status": "ok" if ok else "error",
            "version": cadencia.__version__,
            "checks": checks,
        }
        return JsonResponse(body, status=200 if ok else 503)


class ChangeLogList(PageView):
    """The global change log with filters; only entries of projects the user can see."""

    permission_required = "core.view_changelogentry"
    template_name = "core/changelog_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = ChangeLogFilterSet(
            request.GET or None, queryset=changelog_entries(), request=request
        )
        page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
        return self.render(
            {"filter": filterset, "entries": page, "page_obj": page, "title": _("Change log")}
        )
