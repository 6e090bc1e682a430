"""Issue #11's stories in Chromium, on the whole ASGI application with its event socket and a
simulated phone system running on its own clock (a thread here, a process in production).

1. An agent dials a number two contacts share, picks one, the customer answers, the agent hangs
   up, fills the management form and saves; a supervisor's page follows the agent's state live;
   the disposition is in My dispositions with its recording, which plays in the page.
2. An inbound call pops up on a ready agent's console; a reload in the middle of the call keeps
   the call and the half-filled form.
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from cadencia.campaigns.models import Campaign
from cadencia.console.models import Disposition
from cadencia.console.services.calls import inbound_inject
from cadencia.contacts.models import Contact
from tests.browser.phones import WAIT, sign_in, work

pytestmark = [pytest.mark.browser]


def test_manual_call_with_two_matches_to_a_disposition_with_its_recording(
    asgi_page: Any, browser: Any, asgi_server: str, phone_system: None
) -> None:
    database = Campaign.objects.get(name="Cobranzas manual").contact_database
    Contact.objects.create(
        database=database, phones=["+543516219390"], fields={"nombre": "Luis", "apellido": "Hijo"}
    )
    agent = asgi_page
    supervisor_context = browser.new_context(base_url=asgi_server, locale="en-US")
    supervisor = supervisor_context.new_page()
    sign_in(supervisor, "supervisor", r"/console/supervision/$")
    sign_in(agent, "agent", r"/console/$")
    work(agent, "Cobranzas manual")
    supervisor.wait_for_selector('#supervision-agents[data-socket="open"]')
    expect(supervisor.locator('tr[data-agent="agent"]')).to_have_attribute(
        "data-state", "ready", timeout=WAIT
    )

    agent.get_by_label("Campaign").select_option(label="Cobranzas manual")
    agent.get_by_label("Number").fill("351 621 9390")
    agent.get_by_role("button", name="Find the contact").click()
    matches = agent.get_by_test_id("matches")
    expect(matches).to_contain_text("2 contacts have this number", timeout=WAIT)
    expect(matches).to_contain_text("Luis Gómez", timeout=WAIT)
    expect(matches).to_contain_text("Luis Hijo", timeout=WAIT)
    matches.locator("li", has_text="Luis Hijo").get_by_role("button", name="Call").click()

    # The customer answers; the agent's console and the supervisor's page follow, pushed.
    expect(agent.get_by_test_id("current-call")).to_have_attribute(
        "data-call-state", "answered", timeout=WAIT
    )
    expect(agent.get_by_test_id("contact-card")).to_contain_text("Hola Luis Hijo", timeout=WAIT)
    expect(supervisor.locator('tr[data-agent="agent"]')).to_have_attribute(
        "data-state", "on_call", timeout=WAIT
    )
    agent.wait_for_timeout(1500)  # a conversation worth recording
    agent.get_by_test_id("hang-up").click()
    expect(supervisor.locator('tr[data-agent="agent"]')).to_have_attribute(
        "data-state", "wrap_up", timeout=WAIT
    )

    pending = agent.get_by_test_id("pending")
    pending.get_by_role("link", name="Disposition").first.click()
    form = agent.get_by_test_id("disposition")
    form.get_by_label("Disposition").select_option(label="Venta")
    form.get_by_label("Plan").select_option("Premium")
    form.get_by_label("Cuotas").fill("6")
    form.get_by_label("Fecha de inicio").fill("2027-02-01")
    form.get_by_label("Acepta términos").select_option("true")
    form.get_by_label("Notes").fill("Luis Hijo takes the Premium plan.")
    agent.screenshot(path="var/test-artifacts/console-disposition.png", full_page=True)
    form.get_by_role("button", name="Save disposition").click()
    expect(agent.get_by_text("Disposition saved.")).to_be_visible(timeout=WAIT)

    disposition = Disposition.objects.get(contact__fields__apellido="Hijo")
    assert disposition.answers["plan"] == "Premium" and disposition.answers["cuotas"] == 6

    agent.get_by_role("link", name="My dispositions").click()
    row = agent.get_by_test_id("my-dispositions").locator("tr", has_text="Luis Hijo")
    expect(row).to_contain_text("Venta", timeout=WAIT)
    played = row.get_by_test_id("recording").evaluate(
        """async (audio) => {
            audio.muted = true;
            await audio.play();
            await new Promise((done) => setTimeout(done, 400));
            return {time: audio.currentTime, duration: audio.duration};
        }"""
    )
    assert played["time"] > 0 and played["duration"] > 1
    agent.screenshot(path="var/test-artifacts/console-my-dispositions.png", full_page=True)
    supervisor.screenshot(path="var/test-artifacts/console-supervision.png", full_page=True)
    supervisor_context.close()


def test_inbound_call_pops_up_and_a_reload_keeps_the_call_and_the_form(
    asgi_page: Any, phone_system: None
) -> None:
    agent = asgi_page
    sign_in(agent, "agent", r"/console/$")
    work(agent, "Atención entrante")

    inbound_inject(campaign=Campaign.objects.get(name="Atención entrante"), caller="351 621 9387")
    panel = agent.get_by_test_id("calls-panel")
    expect(panel).to_contain_text("Inbound call", timeout=WAIT)
    expect(panel.locator(".card-header")).to_have_class(re.compile("bg-success"), timeout=WAIT)
    expect(agent.get_by_test_id("current-call")).to_have_attribute(
        "data-call-state", "offered", timeout=WAIT
    )
    agent.screenshot(path="var/test-artifacts/console-inbound-pop-up.png", full_page=True)
    agent.get_by_role("button", name="Answer").click()
    expect(agent.get_by_test_id("current-call")).to_have_attribute(
        "data-call-state", "answered", timeout=WAIT
    )

    agent.get_by_test_id("current-call").get_by_role("link", name="Disposition").click()
    form = agent.get_by_test_id("disposition")
    form.get_by_label("Disposition").select_option(label="Volver a llamar")
    with agent.expect_response(
        lambda r: r.url.endswith("/draft/") and "Half" in (r.request.post_data or "")
    ):
        form.get_by_label("Notes").fill("Half typed: wants a call on Monday")

    agent.reload()
    expect(agent.get_by_test_id("current-call")).to_have_attribute(
        "data-call-state", "answered", timeout=WAIT
    )
    form = agent.get_by_test_id("disposition")
    expect(form.get_by_label("Notes")).to_have_value(
        "Half typed: wants a call on Monday", timeout=WAIT
    )
    expect(form.get_by_label("Disposition")).to_have_value(
        str(Campaign.objects.get(name="Atención entrante").options.get(name="Volver a llamar").pk)
    )
