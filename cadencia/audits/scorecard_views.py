"""A campaign's scorecard: the part on the campaign's page, and its editor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from cadencia.audits.forms import CriterionFormSet
from cadencia.audits.models import ScorecardCriterion
from cadencia.audits.services import CriterionData, scorecard_save
from cadencia.campaigns.models import Campaign
from cadencia.core.pages import PageView


class ScorecardPart(PageView):
    """The campaign page's scorecard summary."""

    permission_required = "campaigns.view_campaign"
    template_name = "audits/scorecard_part.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        criteria = ScorecardCriterion.objects.filter(campaign=campaign)
        return self.render({"campaign": campaign, "criteria": criteria})


class ScorecardEdit(PageView):
    """The checklist auditors fill for the campaign's managements: criteria, weights and
    which are critical. Rows left empty are ignored; ticking "delete" removes one."""

    permission_required = ("campaigns.view_campaign", "campaigns.change_campaign")
    template_name = "audits/scorecard_edit.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        initial = [
            {"label": c.label, "weight": c.weight, "critical": c.critical}
            for c in ScorecardCriterion.objects.filter(campaign=campaign)
        ]
        return self.render({"campaign": campaign, "formset": CriterionFormSet(initial=initial)})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        formset = CriterionFormSet(request.POST)
        if formset.is_valid():
            rows = [
                CriterionData(
                    f.cleaned_data["label"],
                    f.cleaned_data["weight"] or 1,
                    f.cleaned_data["critical"],
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                scorecard_save(campaign=campaign, criteria=rows)
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)  # type: ignore[attr-defined]
            else:
                messages.success(request, _("Scorecard saved."))
                return redirect("campaigns:campaign_detail", pk=campaign.pk)
        context: dict[str, Any] = {"campaign": campaign, "formset": formset}
        return self.render(context, status=400)
