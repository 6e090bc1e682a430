"""Issue #12's loop in Chromium, on the whole ASGI application with its event socket: an agent
saves a management after a call; the auditor's queue counts it, pushed; the auditor observes
it with a note; the agent's My dispositions shows the note, pushed, and the agent redoes it;
the auditor sees it resubmitted, fills the scorecard and approves; the agent sees it approved.
"""

from typing import Any

import pytest
from playwright.sync_api import expect

from cadencia.audits.models import AuditItem
from cadencia.campaigns.models import Campaign
from cadencia.contacts.models import Contact
from tests.browser.phones import WAIT, sign_in, work

pytestmark = [pytest.mark.browser]


def _count(auditor: Any, status: str) -> Any:
    return auditor.get_by_test_id("queue-counts").locator(f'[data-count="{status}"]')


def _call_and_save_a_sale(agent: Any) -> None:
    agent.get_by_label("Campaign").select_option(label="Cobranzas manual")
    agent.get_by_label("Number").fill("351 555 0101")
    agent.get_by_role("button", name="Find the contact").click()
    matches = agent.get_by_test_id("matches")
    matches.locator("li", has_text="Marta Ruiz").get_by_role("button", name="Call").click()
    expect(agent.get_by_test_id("current-call")).to_have_attribute(
        "data-call-state", "answered", timeout=WAIT
    )
    agent.get_by_test_id("hang-up").click()
    agent.get_by_test_id("pending").get_by_role("link", name="Disposition").first.click()
    form = agent.get_by_test_id("disposition")
    form.get_by_label("Disposition").select_option(label="Venta")
    form.get_by_label("Plan").select_option("Básico")
    form.get_by_label("Cuotas").fill("4")
    form.get_by_label("Fecha de inicio").fill("2027-03-01")
    form.get_by_label("Acepta términos").select_option("true")
    form.get_by_role("button", name="Save disposition").click()
    expect(agent.get_by_text("Disposition saved.")).to_be_visible(timeout=WAIT)


def test_observed_management_is_redone_and_approved(
    asgi_page: Any, browser: Any, asgi_server: str, phone_system: None
) -> None:
    database = Campaign.objects.get(name="Cobranzas manual").contact_database
    Contact.objects.create(
        database=database,
        phones=["+543515550101"],
        fields={"nombre": "Marta", "apellido": "Ruiz"},
        external_id="C-9001",
    )
    agent = asgi_page
    auditor_context = browser.new_context(base_url=asgi_server, locale="en-US")
    auditor = auditor_context.new_page()
    sign_in(auditor, "auditor", r"/audits/$")
    auditor.wait_for_selector('#queue-counts[data-socket="open"]')
    expect(_count(auditor, "pending")).to_have_text("1")  # the demo's pending one

    sign_in(agent, "agent", r"/console/$")
    work(agent, "Cobranzas manual")
    _call_and_save_a_sale(agent)

    # The queue's counts follow, pushed; the new item is on the page once it is reloaded.
    expect(_count(auditor, "pending")).to_have_text("2", timeout=WAIT)
    auditor.reload()
    auditor.get_by_test_id("queue").locator("tr", has_text="Marta Ruiz").get_by_role("link").click()
    decision = auditor.get_by_test_id("decision")
    decision.get_by_label("Observe and send back").check()
    decision.get_by_label("Note").fill("Ask for her e-mail: the plan is confirmed by mail.")
    agent.get_by_role("link", name="My dispositions").click()
    agent.wait_for_selector('#my-dispositions[data-socket="open"]')
    decision.get_by_role("button", name="Save the decision").click()
    expect(auditor.get_by_text("Decision saved.")).to_be_visible(timeout=WAIT)

    # The agent's list shows the observation without a reload, and the agent redoes it.
    row = agent.get_by_test_id("my-dispositions").locator("tr", has_text="Marta Ruiz")
    expect(row).to_contain_text("Audit: Observed", timeout=WAIT)
    expect(row).to_contain_text("Ask for her e-mail", timeout=WAIT)
    agent.screenshot(path="var/test-artifacts/audit-my-dispositions-observed.png", full_page=True)
    row.get_by_role("link", name="Redo").click()
    expect(agent.get_by_test_id("observation")).to_contain_text("Ask for her e-mail")
    redo = agent.get_by_test_id("redo")
    expect(redo.get_by_label("Plan")).to_have_value("Básico")
    redo.get_by_label("E-mail").fill("marta@example.com")
    redo.get_by_label("What you changed").fill("Added her e-mail.")
    auditor.goto("/audits/")
    auditor.wait_for_selector('#queue-counts[data-socket="open"]')
    redo.get_by_role("button", name="Send back to the audit").click()
    expect(agent.get_by_text("Redone: it is back with the auditors.")).to_be_visible(timeout=WAIT)

    # The auditor sees it resubmitted (pushed), fills the scorecard and approves.
    expect(_count(auditor, "resubmitted")).to_have_text("1", timeout=WAIT)
    auditor.reload()
    line = auditor.get_by_test_id("queue").locator("tr", has_text="Marta Ruiz")
    expect(line.get_by_test_id("status")).to_have_text("Resubmitted")
    line.get_by_role("link").click()
    expect(auditor.get_by_test_id("answers")).to_contain_text("marta@example.com")
    expect(auditor.get_by_test_id("history")).to_contain_text("Redone by the agent")
    decision = auditor.get_by_test_id("decision")
    decision.get_by_label("Approve").check()
    for select in decision.locator("select").all():
        select.select_option("pass")
    auditor.screenshot(path="var/test-artifacts/audit-item-decision.png", full_page=True)
    agent.wait_for_selector('#my-dispositions[data-socket="open"]')
    decision.get_by_role("button", name="Save the decision").click()
    expect(auditor.get_by_text("Decision saved.")).to_be_visible(timeout=WAIT)

    row = agent.get_by_test_id("my-dispositions").locator("tr", has_text="Marta Ruiz")
    expect(row).to_contain_text("Audit: Approved", timeout=WAIT)
    item = AuditItem.objects.get(contact__external_id="C-9001")
    assert item.status == "approved" and item.score == 100 and item.version == 4
    assert item.disposition.answers["email"] == "marta@example.com"
    auditor_context.close()
