"""Generated permission matrix for the campaigns app's single-project models."""

from typing import Any

from cadencia.campaigns.models import Campaign, DispositionOption, Form, PauseReason
from cadencia.campaigns.tests.factories import CampaignFactory, FormFactory, PauseReasonFactory
from cadencia.projects.models import Project
from cadencia.projects.testing import OwnedModelSpec, owned_model_tests


def campaign_form(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Spring sales",
        "duplicate_policy": "allow",
        "interaction": "form",
        "record_calls": "on",
        "project": projects[0].pk,
    }


def campaign_api(projects: list[Project]) -> dict[str, Any]:
    return {"name": "API sales", "type": "manual", "project": projects[0].pk}


def form_form(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Sale",
        "description": "",
        "project": projects[0].pk,
        "fields-TOTAL_FORMS": "1",
        "fields-INITIAL_FORMS": "0",
        "fields-0-key": "product",
        "fields-0-label": "Product",
        "fields-0-type": "text",
    }


def form_api(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "API form",
        "project": projects[0].pk,
        "fields_definition": [{"key": "note", "label": "Note", "type": "text"}],
    }


def pause_form(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Lunch", "project": projects[0].pk}


def pause_api(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Training", "productive": True, "project": projects[0].pk}


def _start(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(state="active")


def _use_form(form: Form) -> None:
    campaign = CampaignFactory.create(project=form.project)
    DispositionOption.objects.create(campaign=campaign, name="Sale", kind="management", form=form)


TestCampaignPermissions = owned_model_tests(
    OwnedModelSpec(
        model=Campaign,
        factory=CampaignFactory,
        url_prefix="campaigns:campaign",
        api_basename="campaign",
        form_data=campaign_form,
        api_data=campaign_api,
        make_dependant=_start,
    )
)
TestFormPermissions = owned_model_tests(
    OwnedModelSpec(
        model=Form,
        factory=FormFactory,
        url_prefix="campaigns:form",
        api_basename="form",
        form_data=form_form,
        api_data=form_api,
        make_dependant=_use_form,
    )
)
TestPauseReasonPermissions = owned_model_tests(
    OwnedModelSpec(
        model=PauseReason,
        factory=PauseReasonFactory,
        url_prefix="campaigns:pause",
        api_basename="pausereason",
        form_data=pause_form,
        api_data=pause_api,
    )
)
