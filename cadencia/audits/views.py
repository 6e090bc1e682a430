"""The auditors' pages: the queue (the home of an auditor), an item with its decision, claims,
recordings, exports, scorecards; and the agent's redo of an observed management."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cadencia.accounts.http import request_user
from cadencia.audits import exports, selectors
from cadencia.audits.choices import DECIDABLE, WAITING, AuditStatus
from cadencia.audits.export import csv_lines, recording_name
from cadencia.audits.forms import DecisionForm, QueueFilterForm, queue_filter_form
from cadencia.audits.models import AuditExport, AuditItem, ScorecardCriterion
from cadencia.audits.services import (
    DecisionData,
    item_claim,
    item_decide,
    item_release,
)
from cadencia.console.models import Recording
from cadencia.core.events import latest_event_id
from cadencia.core.forms import add_service_errors
from cadencia.core.pages import ActionView, PageView
from cadencia.core.scoping import active_scope, project_scope

AUDIT = "audits.audit_dispositions"
# The filters drawn by the generic field template (the selects of many rows are drawn apart).
PLAIN_FIELDS = ("since", "until", "external_id", "phone", "unclaimed", "sort", "size")


def _scope_list() -> list[int] | None:
    scope = active_scope()
    return sorted(scope) if isinstance(scope, frozenset) else None


def _query_without(request: HttpRequest, *names: str) -> str:
    pairs = [(k, v) for k, values in request.GET.lists() if k not in names for v in values]
    return urlencode(pairs)


class Queue(PageView):
    """The queue: filters, counts per status (live), a keyset page of items, export."""

    permission_required = AUDIT
    template_name = "audits/queue.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request_user(request)
        form = queue_filter_form(request.GET or None, user=user)
        filters = form.filters()
        counts = self.counts(filters)
        waiting = sum(n for value, _label, n in counts if value in WAITING)
        context: dict[str, Any] = {
            "counts": [(value, label, self.shown(n)) for value, label, n in counts],
            "waiting_count": self.shown(waiting),
            "query": _query_without(request, "after", "part", "status"),
            "last_event": latest_event_id(),
        }
        if request.GET.get("part") == "counts":
            return self.render(context, template="audits/queue_counts.html")
        size = form.cleaned_data.get("size") if form.is_bound and form.is_valid() else None
        page = selectors.queue_page(filters, after=request.GET.get("after", ""), size=size or 25)
        context |= {
            "form": form,
            "campaign_options": form.fields["campaign"].queryset.values_list("pk", "name"),  # type: ignore[attr-defined]
            "people_options": form.fields["agent"].queryset.values_list("pk", "username"),  # type: ignore[attr-defined]
            "plain_fields": [form[name] for name in PLAIN_FIELDS],
            "page": page,
            "page_query": _query_without(request, "after"),
            "current_status": request.GET.get("status", "waiting") if request.GET else "waiting",
            "first_page": not request.GET.get("after"),
            "now": timezone.now(),
        }
        return self.render(context)

    @staticmethod
    def counts(filters: selectors.QueueFilters) -> list[tuple[str, str, int]]:
        counts = selectors.status_counts(filters)
        return [(s.value, str(s.label), counts[s.value]) for s in AuditStatus]

    @staticmethod
    def shown(n: int) -> str:
        cap = selectors.COUNT_CAP
        if n > cap:
            return formats.number_format(cap, force_grouping=True) + "+"
        return formats.number_format(n, force_grouping=True)


class NumbersPart(PageView):
    """The audit's figures (loaded into the queue page, after the list)."""

    permission_required = AUDIT
    template_name = "audits/numbers.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            days = min(max(int(request.GET.get("days", "30")), 1), 366)
        except ValueError:
            days = 30
        since = timezone.localdate() - timedelta(days=days - 1)
        return self.render({"numbers": selectors.numbers(since), "days": days})


def _item(pk: int) -> AuditItem:
    try:
        return selectors.item_for_audit(pk)
    except AuditItem.DoesNotExist as exc:
        raise Http404 from exc


class ItemDetail(PageView):
    """An item's whole story, and the decision on it."""

    permission_required = AUDIT
    template_name = "audits/item.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item(pk)
        return self.render(self.context(item, self.decision_form(item)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item(pk)
        form = self.decision_form(item, request.POST)
        if form.is_valid():
            data = DecisionData(
                decision=form.cleaned_data["decision"],
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                scorecard=form.scorecard(),
            )
            try:
                item_decide(auditor=request_user(request), item=item, data=data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Decision saved."))
                return redirect("audits:queue")
        return self.render(self.context(_item(pk), form), status=400)

    @staticmethod
    def decision_form(item: AuditItem, data: Any = None) -> DecisionForm:
        criteria = ScorecardCriterion.objects.filter(campaign_id=item.campaign_id)
        return DecisionForm(data, criteria=criteria, initial={"version": item.version})

    def context(self, item: AuditItem, form: DecisionForm) -> dict[str, Any]:
        user = request_user(self.request)
        now = timezone.now()
        claimed_by_other = (
            item.claimed_by_id not in (None, user.pk)
            and item.claimed_until is not None
            and item.claimed_until > now
        )
        return {
            "item": item,
            "story": selectors.item_story(item),
            "form": form,
            "decidable": item.status in DECIDABLE,
            "claimed_by_other": claimed_by_other,
            "claimed_by_me": item.claimed_by_id == user.pk
            and item.claimed_until is not None
            and item.claimed_until > now,
        }


class ClaimAction(ActionView):
    permission_required = AUDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item(pk)
        user = request_user(request)
        try:
            if request.POST.get("release"):
                item_release(auditor=user, item=item)
            else:
                item_claim(auditor=user, item=item)
                messages.success(request, _("The item is yours for now: others skip it."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("audits:item", pk=pk)


class ItemRecording(PageView):
    """A recording of one of the item's calls, to play or (``?download=1``) to save."""

    permission_required = AUDIT

    def get(self, request: HttpRequest, pk: int, recording: int) -> FileResponse:
        item = _item(pk)
        found = get_object_or_404(
            Recording.objects.select_related("call"),
            pk=recording,
            call__dispositions=item.disposition_id,
        )
        name = recording_name(
            external_id=item.contact.external_id,
            contact_id=item.contact_id,
            agent=item.agent.username,
            call_at=found.call.created_at,
        )
        return FileResponse(
            found.file.open("rb"),
            content_type="audio/wav",
            as_attachment=bool(request.GET.get("download")),
            filename=name,
        )


def _scoped(lines: Iterator[str], scope: Any) -> Iterator[str]:
    """The response streams after the request's scope has closed: open it again."""
    yield "\ufeff"
    with project_scope(scope):
        yield from lines


class ExportAction(ActionView):
    """Export the chosen rows or everything matching the filter: a small CSV streams now; a
    large one, or any ZIP of recordings, is built in the background."""

    permission_required = AUDIT

    def post(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        user = request_user(request)
        # The button pressed: "csv:selected", "csv:all", "zip:selected" or "zip:all".
        kind, _sep, which = request.POST.get("export", "csv:selected").partition(":")
        ids = [int(i) for i in request.POST.getlist("items") if i.isdigit() and len(i) <= 18][
            : exports.MAX_SELECTED + 1
        ]
        everything = which == "all"
        if not ids and not everything:
            messages.error(request, _("Choose rows, or export all that match the filter."))
            return redirect(f"{_queue_url()}?{request.POST.get('query', '')}")
        query = _query_dict(request.POST.get("query", "")) if everything else {}
        ids = [] if everything else ids
        items = exports.selection(ids, query, user=user)
        if kind == AuditExport.Kind.CSV and items.count() <= exports.direct_limit():
            scope = active_scope()
            response = StreamingHttpResponse(
                _scoped(csv_lines(items), scope), content_type="text/csv; charset=utf-8"
            )
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
            return response
        try:
            export = exports.export_request(
                user=user, kind=kind, item_ids=ids, query=query, scope=_scope_list()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{_queue_url()}?{request.POST.get('query', '')}")
        return redirect("audits:export", pk=export.pk)


def _queue_url() -> str:
    return reverse("audits:queue")


def _query_dict(raw: str) -> dict[str, list[str]]:
    """The queue's filters as the export form carried them (only the filters' names)."""
    allowed = set(QueueFilterForm.base_fields)
    return {k: v for k, v in parse_qs(raw[:4000]).items() if k in allowed}


class ExportStatus(PageView):
    """An export's progress (the page polls it) and, once built, its download."""

    permission_required = AUDIT
    template_name = "audits/export.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = get_object_or_404(AuditExport, pk=pk, requested_by=request_user(request))
        if request.GET.get("part") == "progress":
            return self.render({"export": export}, template="audits/export_progress.html")
        return self.render({"export": export})


class ExportFile(PageView):
    permission_required = AUDIT

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        export = get_object_or_404(
            AuditExport,
            pk=pk,
            requested_by=request_user(request),
            status=AuditExport.Status.DONE,
        )
        name = (export.file.name or "export").rsplit("/", 1)[-1]
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
