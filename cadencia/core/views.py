from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import cadencia
from cadencia.core import health
from cadencia.core.http import request_user
from cadencia.projects.selectors import projects_of_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(request, "core/home.html", {"projects": projects_of_user(user=user)})


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
