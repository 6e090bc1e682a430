"""The console's pages and actions through the web, with isolation between projects."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cadencia.accounts.models import Role
from cadencia.console.choices import AgentState, CallState
from cadencia.console.models import AgentSession, Call, Disposition, DispositionDraft
from cadencia.console.services.agents import session_start, wrap_up_sweep
from cadencia.console.services.calls import call_dial, call_hang_up, inbound_inject
from cadencia.console.tests.world import ConsoleWorld


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def logged_in(world: ConsoleWorld, committed: Any, *campaigns: Any) -> Client:
    with committed():
        session_start(agent=world.agent, campaigns=list(campaigns or [world.manual]))
    return client_of(world.agent)


@pytest.mark.covers("console:console", "site:home")
def test_agent_lands_on_the_console_and_logs_in_to_campaigns(
    world: ConsoleWorld, committed: Any
) -> None:
    world.agent.role = Role.objects.get(builtin="agent")
    world.agent.save()
    client = client_of(world.agent)
    assert client.get(reverse("site:home"))["Location"] == reverse("console:console")
    page = client.get(reverse("console:console")).content.decode()
    assert "Sales" in page and "Help line" in page and "B sales" not in page
    response = client.post(reverse("console:console"), {"campaigns": [world.campaign_b.pk]})
    assert response.status_code == 400 and not AgentSession.objects.exists()
    with committed():
        response = client.post(reverse("console:console"), {"campaigns": [world.manual.pk]})
    assert response.status_code == 302
    page = client.get(reverse("console:console")).content.decode()
    assert 'data-state="ready"' in page and "Manual call" in page


@pytest.mark.covers("console:state")
def test_state_buttons_with_clear_errors(world: ConsoleWorld, committed: Any) -> None:
    client = logged_in(world, committed)
    url = reverse("console:state")
    response = client.post(url, {"state": "paused", "pause_reason": world.pause.pk}, follow=True)
    assert AgentSession.objects.get().state == AgentState.PAUSED
    response = client.post(url, {"state": "paused", "pause_reason": world.pause.pk}, follow=True)
    assert "You are already paused." in response.content.decode()
    assert client.get(url).status_code == 405
    with committed():
        client.post(url, {"state": "offline"})
    assert AgentSession.objects.get().ended_at is not None


@pytest.mark.covers("console:match", "console:dial", "console:panel", "console:calls_panel")
def test_dial_lists_every_contact_with_the_number_and_calls_the_chosen_one(
    world: ConsoleWorld, committed: Any
) -> None:
    client = logged_in(world, committed)
    match = client.get(
        reverse("console:match"), {"campaign": str(world.manual.pk), "number": "0351 15-621-9387"}
    ).content.decode()
    assert "Ana María" in match and "Ana" in match and "Luis" not in match  # multinum
    with committed():
        response = client.post(
            reverse("console:dial"),
            {
                "campaign": world.manual.pk,
                "number": "0351 15-621-9387",
                "contact": world.ana_too.pk,
            },
        )
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.contact == world.ana_too
    with committed():
        world.advance(0)
        world.advance(0)
    panel = client.get(reverse("console:panel")).content.decode()
    assert 'data-call-state="answered"' in panel and "Hello Ana María, calling from Sales." in panel
    assert "secreto" not in panel  # hidden column
    assert "+5491140000000" in panel and "+5493516219387" in panel  # every phone dials
    calls_panel = client.get(reverse("console:calls_panel")).content.decode()
    assert "Outbound call" in calls_panel and "bg-primary" in calls_panel


@pytest.mark.covers("console:contact_create")
def test_new_contact_respects_the_duplicate_control(world: ConsoleWorld, committed: Any) -> None:
    world.manual.duplicate_policy = "avoid"
    world.manual.save()
    client = logged_in(world, committed)
    data = {"campaign": world.manual.pk, "number": "+5493516219390", "field_nombre": "Luisa"}
    response = client.post(reverse("console:contact_create"), data, follow=True)
    assert "already the number of a contact" in response.content.decode()
    assert not Call.objects.exists()
    data["number"] = "+5493516219999"
    with committed():
        client.post(reverse("console:contact_create"), data)
    call = Call.objects.get()
    assert call.contact is not None and call.contact.fields == {"nombre": "Luisa"}


@pytest.mark.covers("console:call_action", "console:disposition", "console:draft")
def test_hang_up_fill_the_form_with_a_draft_and_save(world: ConsoleWorld, committed: Any) -> None:
    client = logged_in(world, committed)
    with committed():
        call = call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=world.luis
        )
    with committed():
        world.advance(0)
        world.advance(0)
    with committed():
        client.post(reverse("console:call_action", args=[call.pk, "hangup"]))
    call.refresh_from_db()
    assert call.state == CallState.ENDED
    sale = world.manual.options.get(name="Sale")
    prefix = f"o{sale.pk}-"
    draft = {"option": sale.pk, f"{prefix}product": "B", "notes": "half"}
    saved = client.post(reverse("console:draft", args=[call.pk]), draft)
    assert saved.status_code == 200, saved.content.decode()[:3000]
    assert saved.json() == {"saved": True}
    page = client.get(reverse("console:console"), {"call": call.pk}).content.decode()
    assert "half</textarea>" in page and 'value="B" selected' in page  # the draft is back
    bad = {"option": sale.pk, f"{prefix}amount": "500"}
    response = client.post(reverse("console:disposition", args=[call.pk]), bad)
    assert response.status_code == 400 and "required" in response.content.decode()
    good = {"option": sale.pk, f"{prefix}product": "B", f"{prefix}amount": "5", "notes": "ok"}
    with committed():
        response = client.post(reverse("console:disposition", args=[call.pk]), good)
    assert response.status_code == 302
    disposition = Disposition.objects.get()
    assert disposition.answers == {"product": "B", "amount": 5}
    assert not DispositionDraft.objects.exists()


@pytest.mark.covers("console:my_dispositions", "console:recording")
def test_my_dispositions_with_filters_and_recordings(world: ConsoleWorld, committed: Any) -> None:
    from cadencia.console.services.dispositions import DispositionData, disposition_submit

    client = logged_in(world, committed)
    with committed():
        call = call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=world.luis
        )
    with committed():
        world.advance(0)
        world.advance(0)
    with committed():
        call_hang_up(agent=world.agent, call=call)
    disposition_submit(
        agent=world.agent,
        calls=[call],
        data=DispositionData(option=world.manual.options.get(name="No interest")),
    )
    page = client.get(reverse("console:my_dispositions")).content.decode()
    recording = call.recordings.get()
    assert "No interest" in page and reverse("console:recording", args=[recording.pk]) in page
    other = world.manual.options.get(name="Sale").pk
    filtered = client.get(reverse("console:my_dispositions"), {"option": other}).content.decode()
    assert "No dispositions yet." in filtered
    audio = client.get(reverse("console:recording", args=[recording.pk]))
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/wav"
    assert b"".join(audio.streaming_content)[:4] == b"RIFF"  # type: ignore[attr-defined]
    # another project's agent, and a supervisor of another project, get 404
    assert (
        client_of(world.agent_b).get(reverse("console:recording", args=[recording.pk])).status_code
        == 404
    )


@pytest.mark.covers("console:supervision", "console:inject")
def test_supervisor_sees_agents_live_and_injects_calls(world: ConsoleWorld, committed: Any) -> None:
    logged_in(world, committed, world.inbound)
    supervisor = client_of(world.supervisor)
    page = supervisor.get(reverse("console:supervision")).content.decode()
    assert 'data-agent="agent" data-state="ready"' in page
    part = supervisor.get(reverse("console:supervision"), {"part": "agents"}).content.decode()
    assert "<table" in part and "<nav" not in part
    with committed():
        response = supervisor.post(
            reverse("console:inject"), {"campaign": world.inbound.pk, "caller": "+5493516219390"}
        )
    assert response.status_code == 302
    assert Call.objects.get().state == CallState.QUEUED
    response = supervisor.post(
        reverse("console:inject"), {"campaign": world.manual.pk, "caller": "1"}
    )
    assert response.status_code == 400
    # Project B's supervisor does not see project A's agents
    foreign = world.add_user("sup_b", world.b, list(world.supervisor.role.permissions.all()))  # type: ignore[union-attr]
    assert (
        "data-agent=" not in client_of(foreign).get(reverse("console:supervision")).content.decode()
    )


def test_an_agent_of_project_b_cannot_dial_see_or_disposition_project_a_calls(
    world: ConsoleWorld, committed: Any
) -> None:
    with committed():
        session_start(agent=world.agent_b, campaigns=[world.campaign_b])
    b = client_of(world.agent_b)
    assert (
        b.get(
            reverse("console:match"), {"campaign": str(world.manual.pk), "number": "1"}
        ).status_code
        == 404
    )
    assert (
        b.post(
            reverse("console:dial"),
            {"campaign": world.manual.pk, "number": "+5493516219390", "contact": world.luis.pk},
        ).status_code
        == 404
    )
    logged_in(world, committed)
    with committed():
        call = call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=world.luis
        )
    for action in ("hangup", "hold", "answer"):
        assert b.post(reverse("console:call_action", args=[call.pk, action])).status_code == 404
    assert b.post(reverse("console:draft", args=[call.pk]), {}).status_code == 404
    assert b.post(reverse("console:disposition", args=[call.pk]), {}).status_code == 404
    assert b.get(reverse("console:console"), {"call": call.pk}).status_code == 404
    with committed():
        ref = inbound_inject(campaign=world.inbound, caller="+5493516219390")
    assert Call.objects.filter(ref=ref).exists()


@pytest.mark.covers("console:call_action", "console:contact_create")
def test_an_unknown_caller_becomes_a_contact_or_adds_the_number_to_one(
    world: ConsoleWorld, committed: Any
) -> None:
    client = logged_in(world, committed, world.inbound)
    with committed():
        inbound_inject(campaign=world.inbound, caller="+5493516219999")
    with committed():
        world.advance(0)
    call = Call.objects.get()
    panel = client.get(reverse("console:panel")).content.decode()
    assert "No contact has this number." in panel and "New contact with this number" in panel
    client.post(reverse("console:call_action", args=[call.pk, "contact"]),
                {"contact": world.luis.pk, "add_number": "on"})  # fmt: skip
    call.refresh_from_db()
    world.luis.refresh_from_db()
    assert call.contact == world.luis and "+5493516219999" in world.luis.phones
    # the next caller (once the agent is free again) becomes a new contact
    with committed():
        client.post(reverse("console:call_action", args=[call.pk, "answer"]))
    with committed():
        client.post(reverse("console:call_action", args=[call.pk, "hangup"]))
    with committed():
        wrap_up_sweep(now=timezone.now() + timedelta(minutes=5))
        inbound_inject(campaign=world.inbound, caller="+5493516219998")
    with committed():
        world.advance(0)
    call_two = Call.objects.exclude(pk=call.pk).get()
    assert call_two.state == CallState.OFFERED, call_two.state
    created = client.post(reverse("console:contact_create"), {
        "campaign": world.inbound.pk, "number": call_two.number, "call": call_two.pk,
        "field_nombre": "Nueva",
    }, follow=True)  # fmt: skip
    call_two.refresh_from_db()
    assert call_two.contact is not None, created.content.decode()[-3000:]
    assert call_two.contact is not None and call_two.contact.fields == {"nombre": "Nueva"}


@pytest.mark.covers("console:contact_fields")
def test_the_agent_edits_only_the_columns_the_campaign_lets_them(
    world: ConsoleWorld, committed: Any
) -> None:
    database = world.database
    assert database is not None
    database.columns = [*database.columns, {"name": "plan", "type": "text"}]
    database.save()
    world.manual.readonly_columns = ["plan"]
    world.manual.save()
    client = logged_in(world, committed)
    with committed():
        call_dial(agent=world.agent, campaign=world.manual, number="+5493516219390",
                  contact=world.luis)  # fmt: skip
    panel = client.get(reverse("console:panel")).content.decode()
    assert 'name="field_nombre"' in panel and 'name="field_plan"' not in panel
    assert 'name="field_secreto"' not in panel and "read-only" in panel
    url = reverse("console:contact_fields", args=[world.luis.pk])
    response = client.post(url, {"campaign": world.manual.pk, "field_plan": "Gold"}, follow=True)
    assert "You may not edit “plan”." in response.content.decode()
    client.post(url, {"campaign": world.manual.pk, "field_nombre": "Luis Alberto"})
    world.luis.refresh_from_db()
    assert world.luis.fields["nombre"] == "Luis Alberto" and "plan" not in world.luis.fields
    # another project's agent cannot edit it
    with committed():
        session_start(agent=world.agent_b, campaigns=[world.campaign_b])
    response = client_of(world.agent_b).post(
        url, {"campaign": world.manual.pk, "field_nombre": "X"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "target", "shown"),
    [("GET", "new_tab", "external-link"), ("POST", "new_tab", "external-post"),
     ("GET", "embedded", "external-frame")],
)  # fmt: skip
def test_the_external_site_opens_with_the_call_s_parameters(
    world: ConsoleWorld, committed: Any, method: str, target: str, shown: str
) -> None:
    from cadencia.campaigns.tests.factories import ExternalSiteFactory

    site = ExternalSiteFactory.create(
        project=world.a, method=method, target=target,
        url_template="https://crm.example.com/ficha?tel={contact.phone}&agente={agent.username}",
    )  # fmt: skip
    world.manual.external_site, world.manual.interaction = site, "both"
    world.manual.save()
    client = logged_in(world, committed)
    with committed():
        call_dial(agent=world.agent, campaign=world.manual, number="+5493516219390",
                  contact=world.luis)  # fmt: skip
    page = client.get(reverse("console:console"))
    html = page.content.decode()
    assert f'data-testid="{shown}"' in html
    if method == "POST":
        assert 'action="https://crm.example.com/ficha"' in html
        assert 'name="tel" value="+5493516219390"' in html
    else:
        assert "https://crm.example.com/ficha?tel=%2B5493516219390&amp;agente=agent" in html
    policy = page["Content-Security-Policy"]
    assert "frame-src https://crm.example.com" in policy
    assert "form-action 'self' https://crm.example.com" in policy
