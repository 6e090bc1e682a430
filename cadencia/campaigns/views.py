from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadencia.accounts.http import request_user
from cadencia.accounts.models import User
from cadencia.campaigns import integrations, services
from cadencia.campaigns.choices import TRANSITIONS, CampaignState, CampaignType, FieldType
from cadencia.campaigns.form_render import answers_form
from cadencia.campaigns.forms import (
    CampaignParametersForm,
    ExternalSiteForm,
    ExternalSystemForm,
    FieldFormSet,
    ManagementFormForm,
    NameForm,
    OptionFormSet,
    PauseReasonForm,
    PeopleForm,
    field_initial,
)
from cadencia.campaigns.models import Campaign, ExternalSite, ExternalSystem, Form, PauseReason
from cadencia.campaigns.panels import CAMPAIGN_PANELS
from cadencia.campaigns.selectors import campaign_progress
from cadencia.core import generic
from cadencia.core.events import latest_event_id
from cadencia.core.forms import add_service_errors
from cadencia.core.pages import ActionView, PageView

# The button that moves a campaign to a state says what it does.
MOVE_LABELS: dict[str, Any] = {
    CampaignState.ACTIVE: gettext_lazy("Start"),
    CampaignState.PAUSED: gettext_lazy("Pause"),
    CampaignState.FINISHED: gettext_lazy("Finish"),
}


PREFILLED = ("name", "contact_database", "project")


class CampaignMixin:
    model: type[models.Model] = Campaign
    url_prefix = "campaigns:campaign"


class CampaignList(CampaignMixin, generic.ObjectListView):
    template_name = "campaigns/campaign_list.html"
    columns = [
        ("name", gettext_lazy("Name")),
        ("get_type_display", gettext_lazy("Type")),
        ("get_state_display", gettext_lazy("State")),
    ]

    def context(self, **extra: Any) -> dict[str, Any]:
        return super().context(types=CampaignType.choices, **extra)


class CampaignDetail(CampaignMixin, generic.ObjectDetailView):
    template_name = "campaigns/campaign_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "options": obj.options.select_related("form"),
            "agents": obj.agents.order_by("username"),
            "supervisors": obj.supervisors.order_by("username"),
            "progress": campaign_progress(obj),
            "panels": CAMPAIGN_PANELS,
            "last_event": latest_event_id(),
            "moves": [(s, MOVE_LABELS[s]) for s in sorted(TRANSITIONS[obj.state])],
            "name_form": NameForm(),
        }


class CampaignEdit(CampaignMixin, generic.ObjectEditView):
    """Wizard step 1, parameters (also the later edit of them)."""

    form_class = CampaignParametersForm
    template_name = "campaigns/campaign_wizard_parameters.html"

    def form(self, request: HttpRequest, obj: Any) -> Any:
        data = request.POST if request.method == "POST" else None
        campaign_type = request.GET.get("type", "")
        if not obj.pk and campaign_type not in CampaignType.values:
            campaign_type = CampaignType.MANUAL
        # A new campaign may come prefilled (from a contact search: its new database).
        initial = {} if obj.pk else {k: request.GET[k] for k in PREFILLED if k in request.GET}
        return self.form_class(
            data,
            instance=obj,
            user=request_user(request),
            campaign_type=campaign_type,
            initial=initial,
        )

    def perform_save(self, obj: Campaign, *, project_ids: set[int], user: User) -> None:
        services.campaign_parameters_save(campaign=obj, project_ids=project_ids, user=user)

    def success_url(self, obj: Any) -> str:
        if not obj.wizard_done:
            return reverse("campaigns:campaign_options", args=[obj.pk])
        return super().success_url(obj)


class CampaignDelete(CampaignMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: Campaign) -> None:
        services.campaign_delete(campaign=obj)


class CampaignStepMixin(PageView):
    permission_required = "campaigns.change_campaign"

    def campaign(self) -> Campaign:
        return get_object_or_404(Campaign.objects.select_related("project"), pk=self.kwargs["pk"])

    def next_url(self, campaign: Campaign) -> str:
        if campaign.wizard_done:
            return reverse("campaigns:campaign_detail", args=[campaign.pk])
        return reverse("campaigns:campaign_people", args=[campaign.pk])


def _option_initial(campaign: Campaign) -> list[dict[str, Any]]:
    return [
        {
            "pk": o.pk,
            "name": o.name,
            "kind": o.kind,
            "form": o.form_id,
            "positive": o.positive,
            "hidden": o.hidden,
        }
        for o in campaign.options.all()
    ]


class CampaignOptions(CampaignStepMixin):
    """Wizard step 2, the disposition options."""

    template_name = "campaigns/campaign_wizard_options.html"

    def show(self, campaign: Campaign, formset: Any, status: int = 200) -> HttpResponse:
        return self.render({"obj": campaign, "formset": formset, "step": 2}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.campaign()
        formset = OptionFormSet(initial=_option_initial(campaign), campaign=campaign)
        return self.show(campaign, formset)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.campaign()
        formset = OptionFormSet(request.POST, campaign=campaign)
        if formset.is_valid():
            rows = [
                services.OptionData(
                    pk=f.cleaned_data.get("pk"),
                    name=f.cleaned_data["name"],
                    kind=f.cleaned_data["kind"],
                    form=f.cleaned_data.get("form"),
                    positive=f.cleaned_data.get("positive", False),
                    hidden=f.cleaned_data.get("hidden", False),
                )
                for f in formset.forms
                if f.cleaned_data.get("name") or f.cleaned_data.get("pk")
            ]
            try:
                services.campaign_options_save(campaign=campaign, options=rows)
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, _("The disposition options were saved."))
                return redirect(self.next_url(campaign))
        return self.show(campaign, formset, status=400)


class CampaignPeople(CampaignStepMixin):
    """Wizard step 3, the agents and supervisors."""

    template_name = "campaigns/campaign_wizard_people.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.campaign()
        return self.render({"obj": campaign, "form": PeopleForm(campaign=campaign), "step": 3})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.campaign()
        form = PeopleForm(request.POST, campaign=campaign)
        if form.is_valid():
            try:
                services.campaign_people_save(
                    campaign=campaign,
                    agents=list(form.cleaned_data["agents"]),
                    supervisors=list(form.cleaned_data["supervisors"]),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The people of “%(name)s” were saved.") % {"name": campaign}
                )
                return redirect("campaigns:campaign_detail", pk=campaign.pk)
        return self.render({"obj": campaign, "form": form, "step": 3}, status=400)


class CampaignTransition(CampaignStepMixin, ActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.campaign()
        try:
            services.campaign_transition(campaign=campaign, state=request.POST.get("state", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(name)s” is now %(state)s.")
                % {"name": campaign, "state": campaign.get_state_display()},
            )
        return redirect("campaigns:campaign_detail", pk=pk)


class CampaignCopy(CampaignStepMixin, ActionView):
    """Save as a template, or create a campaign from a template."""

    permission_required = "campaigns.add_campaign"
    as_template = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        source = self.campaign()
        form = NameForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the new campaign a name."))
            return redirect("campaigns:campaign_detail", pk=pk)
        name, user = form.cleaned_data["name"], request_user(request)
        try:
            if self.as_template:
                copy = services.campaign_save_as_template(campaign=source, name=name, user=user)
            else:
                copy = services.campaign_from_template(template=source, name=name, user=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("campaigns:campaign_detail", pk=pk)
        messages.success(request, _("“%(name)s” was created.") % {"name": copy})
        if copy.is_template:
            return redirect("campaigns:campaign_detail", pk=copy.pk)
        return redirect("campaigns:campaign_people", pk=copy.pk)


class FormMixin:
    model: type[models.Model] = Form
    url_prefix = "campaigns:form"


class FormList(FormMixin, generic.ObjectListView):
    columns = [("name", gettext_lazy("Name")), ("description", gettext_lazy("Description"))]


class FormDetail(FormMixin, generic.ObjectDetailView):
    template_name = "campaigns/form_detail.html"
    fields = [("description", gettext_lazy("Description"))]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        version = obj.current_version()
        definition = version.fields if version else []
        return {
            "version": version,
            "definition": [{**f, "type_label": FieldType(f["type"]).label} for f in definition],
            "preview": answers_form(definition),
            "options": obj.options.select_related("campaign"),
            "name_form": NameForm(),
        }


class FormEdit(FormMixin, generic.ObjectEditView):
    form_class = ManagementFormForm
    template_name = "campaigns/form_form.html"

    def fields_formset(self, request: HttpRequest, obj: Any) -> Any:
        if request.method == "POST":
            return FieldFormSet(request.POST, prefix="fields")
        version = obj.current_version() if obj.pk else None
        return FieldFormSet(
            initial=field_initial(version.fields if version else []), prefix="fields"
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        self.formset = self.fields_formset(request, None)
        if not self.formset.is_valid():
            obj = self.get_object(pk) if pk else self.model()
            form = self.form(request, obj)
            form.is_valid()
            return self.show(request, obj, form, status=400)
        return super().post(request, pk)

    def perform_save(self, obj: Form, *, project_ids: set[int], user: User) -> None:
        fields = [d for f in self.formset.forms if (d := f.definition()) is not None]
        try:
            services.form_save(form=obj, project_ids=project_ids, fields=fields, user=user)
        except ValidationError as exc:
            self.formset._non_form_errors = self.formset.error_class(exc.messages)
            raise

    def show(self, request: HttpRequest, obj: Any, form: Any, status: int = 200) -> HttpResponse:
        formset = getattr(self, "formset", None) or self.fields_formset(request, obj)
        return self.render(
            self.context(
                obj=obj,
                form=form,
                formset=formset,
                urls=self.urls(obj if obj.pk else None),
            ),
            status=status,
        )


class FormDelete(FormMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: Form) -> None:
        services.form_delete(form=obj)


class FormClone(PageView):
    permission_required = "campaigns.add_form"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        source = get_object_or_404(Form.objects.all(), pk=pk)
        form = NameForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the copy a name."))
            return redirect("campaigns:form_detail", pk=pk)
        try:
            clone = services.form_clone(
                form=source, name=form.cleaned_data["name"], user=request_user(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("campaigns:form_detail", pk=pk)
        messages.success(request, _("“%(name)s” was created.") % {"name": clone})
        return redirect("campaigns:form_detail", pk=clone.pk)


class PauseReasonMixin:
    model: type[models.Model] = PauseReason
    url_prefix = "campaigns:pause"


class PauseReasonList(PauseReasonMixin, generic.ObjectListView):
    columns = [("name", gettext_lazy("Name")), ("productive", gettext_lazy("Productive"))]


class PauseReasonDetail(PauseReasonMixin, generic.ObjectDetailView):
    fields = [("productive", gettext_lazy("Productive"))]


class PauseReasonEdit(PauseReasonMixin, generic.ObjectEditView):
    form_class = PauseReasonForm

    def perform_save(self, obj: PauseReason, *, project_ids: set[int], user: User) -> None:
        services.pause_reason_save(reason=obj, project_ids=project_ids, user=user)


class PauseReasonDelete(PauseReasonMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: PauseReason) -> None:
        services.pause_reason_delete(reason=obj)


class ExternalSiteMixin:
    model: type[models.Model] = ExternalSite
    url_prefix = "campaigns:site"


class ExternalSiteList(ExternalSiteMixin, generic.ObjectListView):
    columns = [("name", gettext_lazy("Name")), ("url_template", gettext_lazy("URL"))]


class ExternalSiteDetail(ExternalSiteMixin, generic.ObjectDetailView):
    fields = [
        ("url_template", gettext_lazy("URL")),
        ("method", gettext_lazy("Method")),
        ("get_target_display", gettext_lazy("Opens in")),
        ("token_state", gettext_lazy("Authentication token")),
    ]


class ExternalSiteEdit(ExternalSiteMixin, generic.ObjectEditView):
    form_class = ExternalSiteForm

    def perform_save(self, obj: ExternalSite, *, project_ids: set[int], user: User) -> None:
        integrations.external_site_save(site=obj, project_ids=project_ids, user=user)


class ExternalSiteDelete(ExternalSiteMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: ExternalSite) -> None:
        integrations.external_site_delete(site=obj)


class ExternalSystemMixin:
    model: type[models.Model] = ExternalSystem
    url_prefix = "campaigns:system"


class ExternalSystemList(ExternalSystemMixin, generic.ObjectListView):
    columns = [("name", gettext_lazy("Name")), ("token_prefix", gettext_lazy("Token starts with"))]


class ExternalSystemDetail(ExternalSystemMixin, generic.ObjectDetailView):
    template_name = "campaigns/externalsystem_detail.html"
    fields = [
        ("token_prefix", gettext_lazy("Token starts with")),
        ("agent_lines", gettext_lazy("Agents' ids in the system")),
    ]


def _show_token_once(request: HttpRequest, token: str) -> None:
    messages.warning(
        request,
        _("The system's token, shown only now: %(token)s — give it to the system's administrator.")
        % {"token": token},
    )


class ExternalSystemEdit(ExternalSystemMixin, generic.ObjectEditView):
    form_class = ExternalSystemForm

    def perform_save(self, obj: ExternalSystem, *, project_ids: set[int], user: User) -> None:
        token = integrations.external_system_save(
            system=obj,
            project_ids=project_ids,
            agent_map=self.bound_form.parsed_agent_map,
            user=user,
        )
        if token:
            _show_token_once(self.request, token)


class ExternalSystemDelete(ExternalSystemMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: ExternalSystem) -> None:
        integrations.external_system_delete(system=obj)


class ExternalSystemTokenReset(ActionView):
    permission_required = "campaigns.change_externalsystem"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        system = get_object_or_404(ExternalSystem.objects.all(), pk=pk)
        _show_token_once(request, integrations.external_system_token_reset(system=system))
        return redirect("campaigns:system_detail", pk=pk)
