"""Generated permission matrix for the campaigns app's single-project models."""

from typing import Any

from cadencia.campaigns.models import (
    Campaign,
    DispositionOption,
    ExternalSite,
    ExternalSystem,
    Form,
    PauseReason,
)
from cadencia.campaigns.tests.factories import (
    CampaignFactory,
    ExternalSiteFactory,
    ExternalSystemFactory,
    FormFactory,
    PauseReasonFactory,
)
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


def site_form(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Our CRM",
        "url_template": "https://crm.example.com/?tel={contact.phone}&c={campaign.id}",
        "method": "GET",
        "target": "new_tab",
        "auth_token": "s3cret",
        "project": projects[0].pk,
    }


def site_api(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "API CRM",
        "url_template": "https://crm.example.com/{call.id}",
        "project": projects[0].pk,
    }


def system_form(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Client ERP", "agent_lines": "", "project": projects[0].pk}


def system_api(projects: list[Project]) -> dict[str, Any]:
    return {"name": "API ERP", "agent_map": {}, "project": projects[0].pk}


def _campaign_uses(field: str) -> Any:
    def make(obj: Any) -> None:
        CampaignFactory.create(project=obj.project, **{field: obj})

    return make


TestExternalSitePermissions = owned_model_tests(
    OwnedModelSpec(
        model=ExternalSite,
        factory=ExternalSiteFactory,
        url_prefix="campaigns:site",
        api_basename="externalsite",
        form_data=site_form,
        api_data=site_api,
        make_dependant=_campaign_uses("external_site"),
    )
)
TestExternalSystemPermissions = owned_model_tests(
    OwnedModelSpec(
        model=ExternalSystem,
        factory=ExternalSystemFactory,
        url_prefix="campaigns:system",
        api_basename="externalsystem",
        form_data=system_form,
        api_data=system_api,
        make_dependant=_campaign_uses("external_system"),
    )
)
