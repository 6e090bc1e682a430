"""Outbound routes as campaigns use them: the generated permission matrix (a route is fixed in
its project once a campaign dials through it) and the rule that a campaign's route is in its
project. (Telephony knows nothing of campaigns, so these live here.)"""

from typing import Any

from django.urls import reverse

from cadencia.campaigns.tests.factories import CampaignFactory
from cadencia.projects.models import Membership, Project
from cadencia.projects.testing import (
    OwnedModelSpec,
    TwoProjects,
    owned_model_tests,
    permissions_named,
)
from cadencia.telephony.models import OutboundRoute
from cadencia.telephony.tests.factories import OutboundRouteFactory, SipTrunkFactory


def _used_by_a_campaign(route: OutboundRoute) -> None:
    CampaignFactory.create(project=route.project, outbound_route=route)


def route_form(projects: list[Project]) -> dict[str, Any]:
    trunk = SipTrunkFactory.create(projects=projects)
    return {
        "name": "Local",
        "patterns_text": "0ZXXXXXXXXX | 1 | +54",
        "trunk_1": trunk.pk,
        "project": projects[0].pk,
    }


def route_api(projects: list[Project]) -> dict[str, Any]:
    trunk = SipTrunkFactory.create(projects=projects)
    return {
        "name": "API route",
        "patterns": [{"pattern": "X.", "strip": 0, "prepend": ""}],
        "trunks": [trunk.pk],
        "project": projects[0].pk,
    }


TestOutboundRoutePermissions = owned_model_tests(
    OwnedModelSpec(
        model=OutboundRoute,
        factory=OutboundRouteFactory,
        url_prefix="telephony:route",
        api_basename="outboundroute",
        form_data=route_form,
        api_data=route_api,
        make_dependant=_used_by_a_campaign,
    )
)


def test_a_campaign_dials_through_a_route_of_its_project(db: None) -> None:
    world: Any = TwoProjects()
    labels = ["campaigns.view_campaign", "campaigns.add_campaign", "telephony.view_outboundroute"]
    manager = world.add_user("manager", world.a, permissions_named(*labels))
    Membership.objects.create(user=manager, project=world.b)
    route_b = OutboundRouteFactory.create(project=world.b)
    response = world.api_client(manager).post(
        reverse("campaign-list"),
        {"name": "C", "type": "manual", "project": world.a.pk, "outbound_route": route_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "outbound_route" in response.json()
