"""Campaigns: the three-step wizard, the rules on what a campaign may use, states, templates."""

from typing import Any

import pytest
from django.urls import reverse

from cadencia.campaigns import services
from cadencia.campaigns.models import Campaign, DispositionOption
from cadencia.campaigns.tests.factories import CampaignFactory, FormFactory
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.core.events import capture_events
from cadencia.core.models import ChangeLogEntry
from cadencia.projects.models import Membership
from cadencia.projects.testing import TwoProjects, permissions_named
from cadencia.resources.tests.factories import ScheduleFactory

MANAGER = [
    *[f"campaigns.{a}_campaign" for a in ("view", "add", "change", "delete")],
    "campaigns.view_form",
    "contacts.view_contactdatabase",
    "resources.view_schedule",
]
COLUMNS = [{"name": "nombre", "type": "text"}, {"name": "direccion", "type": "text"}]


class Center(TwoProjects):
    def __init__(self) -> None:
        super().__init__()
        self.manager = self.add_user("manager", self.a, permissions_named(*MANAGER))
        self.agent = self.add_user("agent_a", self.a)
        self.outsider = self.add_user("agent_b", self.b)
        self.database = ContactDatabaseFactory.create(projects=[self.a], columns=COLUMNS)
        self.database_b = ContactDatabaseFactory.create(projects=[self.b], columns=COLUMNS)
        self.schedule_b = ScheduleFactory.create(projects=[self.b])
        self.form = FormFactory.create(project=self.a, name="Sale")
        self.form_b = FormFactory.create(project=self.b, name="Other sale")


@pytest.fixture
def center(db: None) -> Center:
    return Center()


def _step1(center: Center, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Spring sales",
        "project": center.a.pk,
        "duplicate_policy": "avoid",
        "interaction": "form",
        "record_calls": "on",
        "script": "Hola {nombre}, le llama {agent}.",
        **extra,
    }


def _shown_values(form: Any) -> dict[str, Any]:
    """What the browser would post for an untouched form."""
    values = {name: form[name].value() for name in form.fields}
    return {k: v for k, v in values.items() if v not in (None, False, "")}


def _options(rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


@pytest.mark.covers(
    "campaigns:campaign_add", "campaigns:campaign_options", "campaigns:campaign_people"
)
def test_the_wizard_can_be_left_and_resumed(center: Center) -> None:
    client = center.web_client(center.manager)
    add = reverse("campaigns:campaign_add") + "?type=manual"
    response = client.post(add, _step1(center, contact_database=center.database.pk))
    campaign = Campaign.objects.get(name="Spring sales")
    assert response["Location"] == reverse("campaigns:campaign_options", args=[campaign.pk])
    assert campaign.state == "draft" and campaign.wizard_step == 1 and campaign.type == "manual"
    # Left after step 1: the campaign page offers to resume at step 2.
    page = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Resume at step 2" in page
    options = _options(
        [
            {"name": "Sale", "kind": "management", "form": center.form.pk, "positive": "on"},
            {"name": "Not interested", "kind": "no_action"},
            {"name": "Call me later", "kind": "callback"},
        ]
    )
    response = client.post(reverse("campaigns:campaign_options", args=[campaign.pk]), options)
    assert response["Location"] == reverse("campaigns:campaign_people", args=[campaign.pk])
    people = reverse("campaigns:campaign_people", args=[campaign.pk])
    assert [u.username for u in client.get(people).context["form"].fields["agents"].queryset] == [
        "agent_a",
        "manager",
    ]
    response = client.post(
        people, {"agents": [center.agent.pk], "supervisors": [center.manager.pk]}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.wizard_done
    assert [o.name for o in campaign.options.all()] == ["Sale", "Not interested", "Call me later"]
    assert list(campaign.agents.all()) == [center.agent]


@pytest.mark.parametrize("campaign_type", ["preview", "dialer"])
def test_preview_and_dialer_need_a_database(center: Center, campaign_type: str) -> None:
    client = center.web_client(center.manager)
    add = reverse("campaigns:campaign_add") + f"?type={campaign_type}"
    data = {**_shown_values(client.get(add).context["form"]), **_step1(center)}
    response = client.post(add, data)
    assert response.status_code == 400
    assert "need a contact database" in str(response.context["form"].errors)
    api = center.api_client(center.manager)
    response = api.post(
        reverse("campaign-list"),
        {"name": "X", "type": campaign_type, "project": center.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "contact_database" in response.json()
    assert not Campaign.objects.exists()


def test_another_projects_database_schedule_or_form_is_refused(center: Center) -> None:
    api = center.api_client(center.manager)
    for field, value in (
        ("contact_database", center.database_b.pk),
        ("schedule", center.schedule_b.pk),
    ):
        response = api.post(
            reverse("campaign-list"),
            {"name": "X", "type": "manual", "project": center.a.pk, field: value},
            content_type="application/json",
        )
        assert response.status_code == 400 and field in response.json(), field
    # A user of both projects sees B's database, but it is not in the campaign's project.
    Membership.objects.create(user=center.manager, project=center.b)
    response = api.post(
        reverse("campaign-list"),
        {
            "name": "X",
            "type": "manual",
            "project": center.a.pk,
            "contact_database": center.database_b.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["contact_database"] == [
        "This contact database is not in the campaign's project."
    ]
    campaign = CampaignFactory.create(project=center.a)
    response = api.post(
        reverse("campaign-options", args=[campaign.pk]),
        {"options": [{"name": "Sale", "kind": "management", "form": center.form_b.pk}]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "not in the campaign's project" in str(response.json())
    assert not Campaign.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("Hola {apellido}", "Unknown placeholder {apellido}"),
        ("Hola {}", "Unknown placeholder {}"),
        ("{" + "x" * 300 + "}", "Unknown placeholder"),
    ],
)
def test_script_placeholders_are_checked_against_the_databases_columns(
    center: Center, script: str, message: str
) -> None:
    client = center.web_client(center.manager)
    data = _step1(center, contact_database=center.database.pk, script=script)
    response = client.post(reverse("campaigns:campaign_add") + "?type=manual", data)
    assert response.status_code == 400 and message in response.content.decode()


def test_columns_named_in_settings_must_exist(center: Center) -> None:
    client = center.web_client(center.manager)
    data = _step1(center, contact_database=center.database.pk, hidden_columns_text="nombre, dni")
    response = client.post(reverse("campaigns:campaign_add") + "?type=manual", data)
    assert response.status_code == 400 and "no column “dni”" in response.content.decode()


@pytest.mark.covers("campaign-options")
def test_options_rules(center: Center) -> None:
    campaign = CampaignFactory.create(project=center.a)
    api = center.api_client(center.manager)
    url = reverse("campaign-options", args=[campaign.pk])
    for options, message in (
        ([{"name": "Sale", "kind": "management"}], "needs its form"),
        ([{"name": "No", "kind": "no_action", "form": center.form.pk}], "only management options"),
        ([{"name": "A", "kind": "no_action"}, {"name": "a", "kind": "callback"}], "same name"),
        ([{"name": "A", "kind": "no_action", "hidden": True}], "at least one visible"),
        ([{"name": "", "kind": "no_action"}], "name"),
        ([], "at least one visible"),
    ):
        response = api.post(url, {"options": options}, content_type="application/json")
        assert response.status_code == 400 and message in str(response.json()), options
    assert not DispositionOption.objects.exists()


@pytest.mark.covers("campaign-people")
def test_agents_must_be_in_the_campaigns_project(center: Center) -> None:
    campaign = CampaignFactory.create(project=center.a)
    api = center.api_client(center.manager)
    Membership.objects.create(user=center.manager, project=center.b)  # sees agent_b
    response = api.post(
        reverse("campaign-people", args=[campaign.pk]),
        {"agents": [center.outsider.pk], "supervisors": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["agents"] == ["agent_b is not in the campaign's project."]


def _ready(center: Center) -> Campaign:
    campaign = CampaignFactory.create(project=center.a)
    services.campaign_options_save(
        campaign=campaign, options=[services.OptionData(name="Done", kind="no_action")]
    )
    services.campaign_people_save(campaign=campaign, agents=[center.agent], supervisors=[])
    return campaign


@pytest.mark.covers("campaigns:campaign_transition", "campaign-transition")
def test_states_move_only_as_allowed_and_are_logged_and_published(
    center: Center, django_capture_on_commit_callbacks: Any
) -> None:
    draft = CampaignFactory.create(project=center.a)
    client = center.web_client(center.manager)
    url = reverse("campaigns:campaign_transition", args=[draft.pk])
    page = client.post(url, {"state": "active"}, follow=True).content.decode()
    assert "Finish the campaign&#x27;s three steps first." in page
    campaign = _ready(center)
    url = reverse("campaigns:campaign_transition", args=[campaign.pk])
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"state": "active"})
        client.post(url, {"state": "paused"})
        client.post(url, {"state": "finished"})
    campaign.refresh_from_db()
    assert campaign.state == "finished"
    assert [(e.event.payload()["previous"], e.event.payload()["state"]) for e in events] == [
        ("draft", "active"),
        ("active", "paused"),
        ("paused", "finished"),
    ]
    assert all(e.project_ids == (center.a.pk,) for e in events)
    steps = ChangeLogEntry.objects.filter(verb="campaigns.state_changed").order_by("pk")
    assert [s.additional_data["state"] for s in steps] == ["active", "paused", "finished"]
    api = center.api_client(center.manager)
    response = api.post(
        reverse("campaign-transition", args=[campaign.pk]),
        {"state": "active"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["state"] == ["A campaign cannot go from Finished to Active."]
    for bad in ("", "x" * 500, None):
        response = api.post(
            reverse("campaign-transition", args=[campaign.pk]),
            {"state": bad},
            content_type="application/json",
        )
        assert response.status_code == 400


def test_a_started_campaign_keeps_its_database_and_cannot_be_deleted(center: Center) -> None:
    campaign = _ready(center)
    services.campaign_transition(campaign=campaign, state="active")
    api = center.api_client(center.manager)
    response = api.patch(
        reverse("campaign-detail", args=[campaign.pk]),
        {"contact_database": center.database.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "contact_database" in response.json()
    assert api.delete(reverse("campaign-detail", args=[campaign.pk])).status_code == 400
    assert Campaign.objects.filter(pk=campaign.pk).exists()


@pytest.mark.covers(
    "campaigns:campaign_save_template",
    "campaigns:campaign_from_template",
    "campaign-save-as-template",
    "campaign-create-from-template",
)
def test_templates(center: Center) -> None:
    campaign = _ready(center)
    client = center.web_client(center.manager)
    client.post(reverse("campaigns:campaign_save_template", args=[campaign.pk]), {"name": "Base"})
    template = Campaign.objects.get(name="Base")
    assert template.is_template and [o.name for o in template.options.all()] == ["Done"]
    assert not template.agents.exists()
    response = client.post(
        reverse("campaigns:campaign_from_template", args=[template.pk]), {"name": "Summer"}
    )
    summer = Campaign.objects.get(name="Summer")
    assert response["Location"] == reverse("campaigns:campaign_people", args=[summer.pk])
    assert not summer.is_template and summer.state == "draft" and summer.wizard_step == 2
    assert [o.name for o in summer.options.all()] == ["Done"]
    # A name already used in the project is refused, nothing is created.
    page = client.post(
        reverse("campaigns:campaign_from_template", args=[template.pk]),
        {"name": "Summer"},
        follow=True,
    ).content.decode()
    assert "already exists" in page
    assert Campaign.objects.filter(name="Summer").count() == 1
    api = center.api_client(center.manager)
    response = api.post(
        reverse("campaign-save-as-template", args=[summer.pk]),
        {"name": "Base 2"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["is_template"] is True
    response = api.post(
        reverse("campaign-create-from-template", args=[response.json()["id"]]),
        {"name": "Autumn"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["wizard_step"] == 2
    # A campaign that is not a template cannot be copied as one.
    response = center.api_client(center.manager).post(
        reverse("campaign-create-from-template", args=[summer.pk]),
        {"name": "Y"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_user_of_project_b_gets_404_for_project_as_campaign(center: Center) -> None:
    campaign = _ready(center)
    foreign = center.add_user("foreign", center.b, permissions_named(*MANAGER))
    web, api = center.web_client(foreign), center.api_client(foreign)
    for name in ("campaign_detail", "campaign_edit", "campaign_options", "campaign_people"):
        assert web.get(reverse(f"campaigns:{name}", args=[campaign.pk])).status_code == 404, name
    assert (
        web.post(
            reverse("campaigns:campaign_transition", args=[campaign.pk]), {"state": "active"}
        ).status_code
        == 404
    )
    assert api.get(reverse("campaign-detail", args=[campaign.pk])).status_code == 404
    response = api.post(
        reverse("campaign-transition", args=[campaign.pk]),
        {"state": "active"},
        content_type="application/json",
    )
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert campaign.state == "draft"
