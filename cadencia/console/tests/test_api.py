"""The console's API and the external systems' endpoints, with isolation between projects."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cadencia.campaigns.integrations import external_system_token_reset
from cadencia.campaigns.tests.factories import ExternalSystemFactory
from cadencia.console.models import Call, Disposition
from cadencia.console.tests.world import ConsoleWorld


def api(user: Any) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def post(client: Client, name: str, data: dict[str, Any], *args: Any) -> Any:
    return client.post(reverse(name, args=args), data, content_type="application/json")


@pytest.mark.covers(
    "console-state", "console-session", "console-dial", "console-call-action",
    "console-dispositions",
)  # fmt: skip
def test_agent_works_a_call_through_the_api(world: ConsoleWorld, committed: Any) -> None:
    client = api(world.agent)
    state = client.get(reverse("console-state")).json()
    assert state["logged_in"] is False and state["state"] == "offline"
    assert post(client, "console-session", {"campaigns": [world.campaign_b.pk]}).status_code == 400
    with committed():
        state = post(client, "console-session", {"campaigns": [world.manual.pk]}).json()
    assert state["state"] == "ready" and state["campaigns"] == [world.manual.pk]
    response = post(client, "console-state", {"state": "paused"})
    assert response.status_code == 400 and "pause_reason" in response.json()
    with committed():
        response = post(client, "console-dial", {
            "campaign": world.manual.pk, "number": "0351 15 621 9390", "contact": world.luis.pk,
        })  # fmt: skip
    assert response.status_code == 201, response.content
    call_id = response.json()["id"]
    with committed():
        world.advance(0)
        world.advance(0)
    state = client.get(reverse("console-state")).json()
    assert state["state"] == "on_call" and state["call"]["state"] == "answered"
    response = post(client, "console-call-action", {"action": "dtmf", "digits": "x"}, call_id)
    assert response.status_code == 400
    assert post(client, "console-call-action", {"action": "hold"}, call_id).status_code == 200
    with committed():
        response = post(client, "console-call-action", {"action": "hangup"}, call_id)
    assert response.json()["state"] == "ended" and response.json()["recordings"]
    sale = world.manual.options.get(name="Sale")
    response = post(client, "console-dispositions", {"calls": [call_id], "option": sale.pk,
                                                      "answers": {"product": "Z"}})  # fmt: skip
    assert response.status_code == 400 and "product" in response.json()
    with committed():
        response = post(client, "console-dispositions", {
            "calls": [call_id], "option": sale.pk, "answers": {"product": "A"}, "notes": "API",
        })  # fmt: skip
    assert response.status_code == 201, response.content
    listing = client.get(reverse("console-dispositions")).json()["results"]
    assert [row["notes"] for row in listing] == ["API"]


def test_an_agent_of_project_b_cannot_use_project_a_by_api(
    world: ConsoleWorld, committed: Any
) -> None:
    with committed():
        post(api(world.agent), "console-session", {"campaigns": [world.manual.pk]})
        call = post(api(world.agent), "console-dial", {
            "campaign": world.manual.pk, "number": "+5493516219390", "contact": world.luis.pk,
        }).json()  # fmt: skip
    b = api(world.agent_b)
    response = post(b, "console-session", {"campaigns": [world.manual.pk]})
    assert response.status_code == 400 and response.json() == {"campaigns": ["Unknown campaign."]}
    response = post(b, "console-dial", {"campaign": world.manual.pk, "number": "+5493516219390"})
    assert response.json() == {"campaign": ["Unknown campaign."]}
    assert post(b, "console-call-action", {"action": "hangup"}, call["id"]).status_code == 404
    option = world.manual.options.get(name="No interest").pk
    response = post(b, "console-dispositions", {"calls": [call["id"]], "option": option})
    assert response.json() == {"calls": ["Unknown call."]}
    assert b.get(reverse("console-dispositions")).json()["results"] == []
    assert not Disposition.objects.exists()


@pytest.mark.covers("console-inbound")
def test_supervisor_injects_an_inbound_call_by_api(world: ConsoleWorld, committed: Any) -> None:
    client = api(world.supervisor)
    with committed():
        response = post(client, "console-inbound", {"campaign": world.inbound.pk,
                                                    "caller": "+5493516219390"})  # fmt: skip
    assert response.status_code == 201
    assert Call.objects.get(pk=response.json()["call"]).state == "queued"
    response = post(client, "console-inbound", {"campaign": world.manual.pk, "caller": "+549351"})
    assert response.status_code == 400
    response = post(api(world.agent), "console-inbound", {"campaign": world.inbound.pk,
                                                          "caller": "+5493516219390"})  # fmt: skip
    assert response.status_code == 403


@pytest.mark.covers("external-click-to-call", "external-dispositions")
def test_external_system_asks_for_click_to_call_and_a_disposition(
    world: ConsoleWorld, committed: Any
) -> None:
    system = ExternalSystemFactory.create(project=world.a, agent_map={"E-7": world.agent.pk})
    token = external_system_token_reset(system=system)
    world.manual.external_system, world.manual.external_id = system, "CAMP-1"
    world.manual.save()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    data = {"campaign": "CAMP-1", "agent": "E-7", "number": "+5493516219390"}
    assert Client().post(reverse("external-click-to-call"), data).status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer nope")
    assert post(bad, "external-click-to-call", data).status_code == 401
    response = post(client, "external-click-to-call", data)
    assert response.status_code == 400 and "not logged in" in str(response.json())
    with committed():
        post(api(world.agent), "console-session", {"campaigns": [world.manual.pk]})
    assert post(client, "external-click-to-call", {**data, "agent": "E-8"}).status_code == 400
    assert post(client, "external-click-to-call", {**data, "campaign": "X"}).status_code == 400
    with committed():
        response = post(client, "external-click-to-call", data)
    assert response.status_code == 201, response.content
    call = Call.objects.get(pk=response.json()["id"])
    assert call.contact == world.luis and call.agent == world.agent
    with committed():
        world.advance(0)
        world.advance(0)
        post(api(world.agent), "console-call-action", {"action": "hangup"}, call.pk)
    response = post(client, "external-dispositions", {
        "campaign": "CAMP-1", "agent": "E-7", "call": call.pk, "option": "No interest",
    })  # fmt: skip
    assert response.status_code == 201, response.content
    # A system of project B cannot reach project A's campaigns.
    other = ExternalSystemFactory.create(project=world.b, agent_map={"E-7": world.agent_b.pk})
    other_token = external_system_token_reset(system=other)
    foreign = Client(HTTP_AUTHORIZATION=f"Bearer {other_token}")
    assert post(foreign, "external-click-to-call", data).json() == {
        "campaign": ["Unknown campaign for this system."]
    }
