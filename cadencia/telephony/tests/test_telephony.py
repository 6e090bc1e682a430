"""SIP trunks (credentials encrypted, write-only) and outbound routes (dial patterns, ordered
trunks, "which trunk and number would this dial")."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadencia.core.crypto import decrypt
from cadencia.projects.models import Project
from cadencia.projects.testing import (
    OwnedModelSpec,
    TwoProjects,
    owned_model_tests,
    permissions_named,
)
from cadencia.telephony.dialplan import dial_for, patterns_clean
from cadencia.telephony.models import OutboundRoute, SipTrunk
from cadencia.telephony.tests.factories import OutboundRouteFactory, SipTrunkFactory


def trunk_form(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Carrier",
        "host": "sip.carrier.net",
        "port": "5060",
        "transport": "udp",
        "username": "acme",
        "password": "pa55",
        "projects": [p.pk for p in projects],
    }


def trunk_api(projects: list[Project]) -> dict[str, Any]:
    return {"name": "API carrier", "host": "10.0.0.7", "projects": [p.pk for p in projects]}


TestSipTrunkPermissions = owned_model_tests(
    OwnedModelSpec(
        model=SipTrunk,
        factory=SipTrunkFactory,
        url_prefix="telephony:trunk",
        api_basename="siptrunk",
        form_data=trunk_form,
        api_data=trunk_api,
    )
)
RULES = patterns_clean(
    [
        {"pattern": "0ZXXXXXXXXX", "strip": 1, "prepend": "+54"},
        {"pattern": "15XXXXXXXX", "strip": 0, "prepend": "+549351"},
        {"pattern": "[2-4]XX", "strip": 0, "prepend": ""},
        {"pattern": "00.", "strip": 2, "prepend": "+"},
    ]
)


@pytest.mark.parametrize(
    ("number", "pattern", "dialed"),
    [
        ("0351 621-9387", "0ZXXXXXXXXX", "+543516219387"),
        ("1562193870", "15XXXXXXXX", "+5493511562193870"),
        ("204", "[2-4]XX", "204"),
        ("0034 911 222 333", "00.", "+34911222333"),
    ],
)
def test_dial_patterns_pick_the_first_match_and_rewrite(
    number: str, pattern: str, dialed: str
) -> None:
    dial = dial_for(RULES, number)
    assert dial is not None and (dial.pattern, dial.number) == (pattern, dialed)


def test_no_match_dials_nothing() -> None:
    assert dial_for(RULES, "504") is None and dial_for(RULES, "") is None


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([], "at least one"),
        ([{"pattern": "0Y1"}], "not a dial pattern"),
        ([{"pattern": "X.X"}], "not a dial pattern"),
        ([{"pattern": "X", "strip": -1}], "strip 0 to 20"),
        ([{"pattern": "X", "strip": "2"}], "strip 0 to 20"),
        ([{"pattern": "X", "prepend": "abc"}], "digits, * # and + only"),
        ("0ZXX", "at least one"),
    ],
)
def test_bad_patterns_name_the_rule(rules: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        patterns_clean(rules)
    assert message in " ".join(error.value.messages)


@pytest.fixture
def world(db: None) -> Any:
    world: Any = TwoProjects()
    labels = [
        f"telephony.{a}_{m}"
        for a in ("view", "add", "change", "delete")
        for m in ("siptrunk", "outboundroute")
    ]
    labels += ["campaigns.view_campaign", "campaigns.add_campaign"]
    world.manager = world.add_user("manager", world.a, permissions_named(*labels))
    return world


def test_trunk_password_is_encrypted_and_never_shown(world: Any) -> None:
    api = world.api_client(world.manager)
    response = api.post(
        reverse("siptrunk-list"),
        {
            "name": "Carrier",
            "host": "sip.carrier.net",
            "password": "pa55word",
            "projects": [world.a.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert "password" not in response.json() and response.json()["has_password"] is True
    trunk = SipTrunk.objects.get()
    assert (
        "pa55word" not in trunk.password_encrypted
        and decrypt(trunk.password_encrypted) == "pa55word"
    )
    api.patch(
        reverse("siptrunk-detail", args=[trunk.pk]),
        {"name": "Renamed"},
        content_type="application/json",
    )
    trunk.refresh_from_db()
    assert decrypt(trunk.password_encrypted) == "pa55word"
    page = (
        world.web_client(world.manager)
        .get(reverse("telephony:trunk_edit", args=[trunk.pk]))
        .content.decode()
    )
    assert "pa55word" not in page and trunk.password_encrypted not in page


def test_bad_hosts_are_refused(world: Any) -> None:
    api = world.api_client(world.manager)
    for host in ("", "sip carrier", "x" * 300, "<script>"):
        response = api.post(
            reverse("siptrunk-list"),
            {"name": "C", "host": host, "projects": [world.a.pk]},
            content_type="application/json",
        )
        assert response.status_code == 400 and "host" in response.json(), host


@pytest.mark.covers("outboundroute-preview")
def test_route_preview_in_ui_and_api(world: Any) -> None:
    first, second = (
        SipTrunkFactory.create(projects=[world.a]),
        SipTrunkFactory.create(projects=[world.a]),
    )
    route = OutboundRouteFactory.create(project=world.a, patterns=RULES, trunks=[second, first])
    page = (
        world.web_client(world.manager)
        .get(reverse("telephony:route_detail", args=[route.pk]), {"number": "0351 621-9387"})
        .content.decode()
    )
    assert f"Dials +543516219387 through {second.name}" in page
    api = world.api_client(world.manager)
    response = api.post(
        reverse("outboundroute-preview", args=[route.pk]),
        {"number": "0351 621-9387"},
        content_type="application/json",
    )
    assert response.json() == {
        "matched": True,
        "pattern": "0ZXXXXXXXXX",
        "number": "+543516219387",
        "trunks": [second.pk, first.pk],
    }
    response = api.post(
        reverse("outboundroute-preview", args=[route.pk]),
        {"number": "504"},
        content_type="application/json",
    )
    assert response.json()["matched"] is False
    response = api.post(
        reverse("outboundroute-preview", args=[route.pk]),
        {"number": "x" * 100},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_a_route_uses_trunks_of_its_project_in_order(world: Any) -> None:
    mine = SipTrunkFactory.create(projects=[world.a])
    theirs = SipTrunkFactory.create(projects=[world.b])
    api = world.api_client(world.manager)
    body = {"name": "R", "patterns": [{"pattern": "X."}], "project": world.a.pk}
    response = api.post(
        reverse("outboundroute-list"),
        {**body, "trunks": [theirs.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "trunks" in response.json()
    response = api.post(
        reverse("outboundroute-list"), {**body, "trunks": []}, content_type="application/json"
    )
    assert response.status_code == 400 and "trunks" in response.json()
    response = api.post(
        reverse("outboundroute-list"),
        {**body, "trunks": [mine.pk, mine.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "twice" in str(response.json())
    response = api.post(
        reverse("outboundroute-list"),
        {**body, "trunks": [mine.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["trunks"] == [mine.pk]
    # A trunk used by a route cannot be deleted.
    assert api.delete(reverse("siptrunk-detail", args=[mine.pk])).status_code == 400
    assert OutboundRoute.objects.filter(name="R").count() == 1


def test_route_form_names_the_bad_pattern_line(world: Any) -> None:
    trunk = SipTrunkFactory.create(projects=[world.a])
    client = world.web_client(world.manager)
    data = {
        "name": "R",
        "patterns_text": "0ZXX | 1 | +54\n0Y1 | 1",
        "trunk_1": trunk.pk,
        "project": world.a.pk,
    }
    response = client.post(reverse("telephony:route_add"), data)
    assert response.status_code == 400
    assert (
        "Pattern 2: “0Y1” is not a dial pattern"
        in response.context["form"].errors["patterns_text"][0]
    )
    data["patterns_text"] = "0ZXX | two"
    response = client.post(reverse("telephony:route_add"), data)
    assert response.status_code == 400 and "strip 0 to 20" in str(response.context["form"].errors)
    assert not OutboundRoute.objects.exists()
