"""The shared calendar's pages: the agenda (FullCalendar, month / week / day), its items as
JSON, moving one, and the iCalendar feed with its secret address."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views import View

from cadencia.accounts.http import request_user
from cadencia.console.models import Disposition
from cadencia.core.events import latest_event_id
from cadencia.core.pages import ActionView, PageView
from cadencia.core.scoping import project_scope, scope_for_user
from cadencia.core.tenancy import tenancy
from cadencia.crm import calendar
from cadencia.crm.models import CalendarFeed, TicketAction

VIEW = "crm.view_ticket"
MAX_RANGE = datetime.timedelta(days=62)


def _moment(value: str, field: str) -> datetime.datetime:
    parsed = parse_datetime(value.strip().replace(" ", "+")[:40]) if value else None
    if parsed is None:
        raise ValidationError({field: _("Give a date and time.")})
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _agenda(request: HttpRequest) -> calendar.Agenda:
    return calendar.agenda_for(
        request_user(request),
        request.GET.get("who", "me"),
        request.GET.get("group", ""),
        request.GET.getlist("agents"),
    )


class CalendarPage(PageView):
    permission_required = VIEW
    template_name = "crm/calendar.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request_user(request)
        team = user.has_perm(calendar.TEAM)
        return self.render(
            {
                "team": team,
                "who": request.GET.get("who", "me"),
                "group": request.GET.get("group", ""),
                "agents": request.GET.getlist("agents"),
                "groups": calendar.visible_groups(user) if team else [],
                "users": tenancy().users_visible(user).order_by("username") if team else [],
                "view": request.GET.get("view", "timeGridWeek"),
                "date": request.GET.get("date", "")[:10],
                "has_feed": CalendarFeed.objects.filter(user=user).exists(),
                "feed_token": request.session.pop("calendar_feed_token", ""),
                "last_event": latest_event_id(),
            }
        )


class CalendarItems(PageView):
    permission_required = VIEW

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            start = _moment(request.GET.get("start", ""), "start")
            end = _moment(request.GET.get("end", ""), "end")
            if not start < end <= start + MAX_RANGE:
                raise ValidationError({"end": _("Ask for at most two months at a time.")})
            agenda = _agenda(request)
        except ValidationError as exc:
            return JsonResponse({"errors": exc.messages}, status=400)
        items = calendar.calendar_items(request_user(request), agenda, start, end)
        return JsonResponse(items, safe=False)


class CalendarMove(ActionView):
    """Move an item (dragged on the calendar): a pending action or a scheduled callback."""

    permission_required = VIEW

    def post(self, request: HttpRequest) -> JsonResponse:
        user = request_user(request)
        kind, pk = request.POST.get("kind", ""), request.POST.get("pk", "")
        if not pk.isdigit() or len(pk) > 12:
            return JsonResponse({"errors": [_("Unknown item.")]}, status=400)
        try:
            start = _moment(request.POST.get("start", ""), "start")
            end_text = request.POST.get("end", "")
            end = _moment(end_text, "end") if end_text else None
            if kind == calendar.ACTION:
                action: Any = get_object_or_404(
                    TicketAction.objects.select_related("ticket"), pk=int(pk)
                )
                calendar.action_move(user=user, action=action, start=start, end=end)
            elif kind == calendar.CALLBACK:
                callback = get_object_or_404(Disposition.objects.all(), pk=int(pk))
                calendar.callback_move(user=user, callback=callback, start=start)
            else:
                return JsonResponse({"errors": [_("Unknown item.")]}, status=400)
        except ValidationError as exc:
            return JsonResponse({"errors": exc.messages}, status=400)
        except PermissionDenied:
            return JsonResponse({"errors": [_("You may not move this item.")]}, status=403)
        return JsonResponse({"ok": True})


class FeedCreate(ActionView):
    permission_required = VIEW

    def post(self, request: HttpRequest) -> HttpResponse:
        token = calendar.feed_create(user=request_user(request))
        request.session["calendar_feed_token"] = token
        messages.success(request, _("Your calendar address is ready; any earlier one stopped."))
        return redirect("crm:calendar")


class FeedRevoke(ActionView):
    permission_required = VIEW

    def post(self, request: HttpRequest) -> HttpResponse:
        calendar.feed_revoke(user=request_user(request))
        messages.success(request, _("Your calendar address no longer works."))
        return redirect("crm:calendar")


class Feed(View):
    """Public: the secret in the address is the credential (calendar apps cannot sign in)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        user = calendar.feed_user(token)
        if user is None or not user.has_perm(VIEW):
            raise Http404
        with project_scope(scope_for_user(user)):
            body = calendar.feed_ics(user)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        return response


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("crm:calendar_feed", args=[token]))
