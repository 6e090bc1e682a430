"""API lists of the new models read a fixed number of queries, however many rows they hold."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadencia.campaigns.tests.factories import CampaignFactory, FormFactory
from cadencia.projects.testing import TwoProjects, permissions_named
from cadencia.projects.tests.factories import UserGroupFactory
from cadencia.telephony.tests.factories import OutboundRouteFactory

LISTS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "usergroup-list": (
        "projects.view_usergroup",
        lambda w: UserGroupFactory.create(projects=[w.a], members=[w.user]),
    ),
    "form-list": ("campaigns.view_form", lambda w: FormFactory.create(project=w.a)),
    "campaign-list": ("campaigns.view_campaign", lambda w: CampaignFactory.create(project=w.a)),
    "outboundroute-list": (
        "telephony.view_outboundroute",
        lambda w: OutboundRouteFactory.create(project=w.a),
    ),
}


def _count(api: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_queries_do_not_grow_with_rows(db: None, name: str) -> None:
    permission, make = LISTS[name]
    world: Any = TwoProjects()
    world.user = world.add_user("reader", world.a, permissions_named(permission))
    api = world.api_client(world.user)
    make(world)
    one = _count(api, reverse(name))
    for _ in range(5):
        make(world)
    assert _count(api, reverse(name)) == one
