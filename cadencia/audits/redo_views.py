"""The agent's side of the audit: redo a management an auditor observed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cadencia.accounts.http import request_user
from cadencia.audits.choices import AuditStatus
from cadencia.audits.forms import RedoForm
from cadencia.audits.models import AuditItem
from cadencia.audits.services import item_redo
from cadencia.campaigns.choices import DispositionKind
from cadencia.campaigns.form_render import answers_form
from cadencia.console.choices import DispositionStatus
from cadencia.console.forms import posted_answers
from cadencia.console.models import Call
from cadencia.console.services.dispositions import DispositionData
from cadencia.core.forms import add_service_errors
from cadencia.core.pages import PageView


class Redo(PageView):
    """The observed management with the auditor's note, its form filled as it was, and the
    agent's later calls to the contact; saving sends it back to the audit."""

    permission_required = "console.use_console"
    template_name = "audits/redo.html"

    def item(self, pk: int) -> AuditItem:
        agent = request_user(self.request)
        try:
            return AuditItem.objects.select_related(
                "campaign", "contact", "disposition__option", "auditor"
            ).get(pk=pk, agent=agent)
        except AuditItem.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.item(pk)
        return self.render(self.context(item, None))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.item(pk)
        context = self.context(item, request.POST)
        form: RedoForm = context["form"]
        if form.is_valid():
            option = form.cleaned_data["option"]
            data = DispositionData(
                option=option,
                answers=posted_answers(request.POST, option),
                notes=form.cleaned_data["notes"],
            )
            try:
                item_redo(
                    agent=request_user(request),
                    item=item,
                    version=form.cleaned_data["version"],
                    data=data,
                    calls=list(form.cleaned_data["calls"]),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                _answer_errors(context["answer_forms"].get(option.pk), exc)
            else:
                messages.success(request, _("Redone: it is back with the auditors."))
                return redirect("console:my_dispositions")
        return self.render(context, status=400)

    def context(self, item: AuditItem, data: Any) -> dict[str, Any]:
        agent = request_user(self.request)
        options = item.campaign.options.filter(
            hidden=False, kind=DispositionKind.MANAGEMENT
        ).select_related("form")
        later_calls = Call.objects.filter(
            Q(contact_id=item.contact_id) | Q(contact__isnull=True),
            agent=agent,
            campaign_id=item.campaign_id,
            disposition_status=DispositionStatus.PENDING,
        )
        form = RedoForm(
            data,
            options=options,
            calls=later_calls.order_by("-created_at")[:20],
            initial={"option": item.disposition.option_id, "version": item.version},
        )
        answer_forms = {}
        for option in options:
            version = option.form.current_version() if option.form else None
            answer_form = answers_form(version.fields if version else [], data)
            answer_form.prefix = f"o{option.pk}"
            if data is None and option.pk == item.disposition.option_id:
                answer_form.initial = {
                    key: _as_posted(value) for key, value in item.disposition.answers.items()
                }
            answer_forms[option.pk] = answer_form
        return {
            "item": item,
            "form": form,
            "answer_forms": answer_forms,
            "observed": item.status == AuditStatus.OBSERVED,
        }


def _as_posted(value: Any) -> Any:
    """A saved answer as the form's widget posts it (yes/no selects post "true"/"false")."""
    return {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) else value


def _answer_errors(form: Any, exc: ValidationError) -> None:
    """Put the answers' errors (keyed by field) on the management form's fields."""
    if form is None or not hasattr(exc, "error_dict"):
        return
    form.is_valid()  # the form's own errors first; add_error needs its cleaned data
    for key, errors in exc.message_dict.items():
        if key in form.fields:
            form.add_error(key, errors)
