"""Issue #13's loop in Chromium: during a simulated call the agent opens a ticket with two
actions of different types and fills their forms, comments on it with an e-mail to the contact
carrying the call's charges, sees the ticket red (pending) in the list, marks both actions done
and sees it green; then chats by SMS with the contact, whose reply is pushed to the page."""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from cadencia.campaigns.models import Campaign
from cadencia.contacts.models import Contact
from cadencia.core.scoping import project_scope, scopes_disabled
from cadencia.crm.models import ActionType, Ticket
from cadencia.crm.sms.services import sms_simulate_reply
from tests.browser.phones import WAIT, sign_in, work

pytestmark = [pytest.mark.browser]


def _action_section(page: Any, name: str) -> Any:
    with scopes_disabled():
        pk = ActionType.objects.get(name=name).pk
    return page.get_by_test_id(f"action-type-{pk}")


def _run_tasks() -> None:
    call_command(
        "task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "crm-test"
    )


def test_ticket_with_two_actions_from_a_call_is_red_then_green(
    asgi_page: Any, asgi_server: str, phone_system: None
) -> None:
    database = Campaign.objects.get(name="Cobranzas manual").contact_database
    marta = Contact.objects.create(
        database=database,
        phones=["+543515550101"],
        fields={"nombre": "Marta", "apellido": "Ruiz", "correo": "marta@example.com"},
        external_id="C-9001",
    )
    agent = asgi_page
    violations: list[str] = []
    agent.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    sign_in(agent, "agent", r"/console/$")
    work(agent, "Cobranzas manual")
    agent.get_by_label("Campaign").select_option(label="Cobranzas manual")
    agent.get_by_label("Number").fill("351 555 0101")
    agent.get_by_role("button", name="Find the contact").click()
    agent.get_by_test_id("matches").locator("li", has_text="Marta Ruiz").get_by_role(
        "button", name="Call"
    ).click()
    expect(agent.get_by_test_id("current-call")).to_have_attribute(
        "data-call-state", "answered", timeout=WAIT
    )
    agent.wait_for_timeout(2000)  # some talk time to charge
    agent.get_by_test_id("hang-up").click()
    agent.get_by_test_id("pending").get_by_role("link", name="Disposition").first.click()

    # Under the disposition form: the call's CRM part; a new ticket from the call.
    crm = agent.get_by_test_id("call-crm")
    crm.locator("summary", has_text="Add a comment").click()
    expect(crm.get_by_test_id("rich-text")).to_be_visible()
    agent.screenshot(path="var/test-artifacts/crm-call-part.png", full_page=True)
    crm.get_by_test_id("new-ticket").click()
    expect(agent.get_by_test_id("ticket-origin")).to_contain_text("Marta Ruiz")
    form = agent.get_by_test_id("ticket-form")
    form.get_by_label("Subject", exact=True).first.fill("No dial tone since Monday")
    report = _action_section(agent, "Reporte problemas con telefonía")
    report.locator("summary").click()
    report.get_by_label(re.compile("Open a .Reporte problemas")).check()
    report.get_by_label("Subject", exact=True).fill("Line without dial tone")
    report.get_by_label("Priority").select_option(label="High")
    report.get_by_label("Servicio", exact=True).select_option("Telefonía")
    tutorial = _action_section(agent, "Tutorial")
    tutorial.locator("summary").click()
    tutorial.get_by_label(re.compile("Open a .Tutorial")).check()
    tutorial.get_by_label("Subject", exact=True).fill("Send the virtual switchboard tutorial")
    agent.screenshot(path="var/test-artifacts/crm-new-ticket.png", full_page=True)
    form.get_by_role("button", name="Open the ticket").click()
    expect(agent.get_by_test_id("ticket-status")).to_have_attribute("data-open", "true")
    expect(agent.get_by_test_id("action")).to_have_count(2)

    # A comment on the first action, e-mailed to the contact with the call's charges.
    first = agent.get_by_test_id("action").first
    first.locator("summary", has_text="Add a comment").click()
    comment = first.get_by_test_id("comment-form")
    editor = comment.get_by_test_id("rich-text")
    editor.click()
    editor.press_sequentially("We opened a report with the ")
    editor.press("Control+b")
    editor.press_sequentially("line technicians")
    comment.get_by_label("Send the comment to the contact by e-mail").check()
    comment.get_by_label("Add the call's charges to the e-mail").check()
    comment.get_by_role("button", name="Save the comment").click()
    expect(agent.get_by_text("The comment was added.")).to_be_visible(timeout=WAIT)
    expect(agent.get_by_test_id("email-status").first).to_have_text("E-mail queued")
    agent.screenshot(path="var/test-artifacts/crm-ticket-comment.png", full_page=True)
    _run_tasks()
    agent.reload()
    expect(agent.get_by_test_id("email-status").first).to_have_text("E-mail sent")
    [message] = [m for m in mail.outbox if m.to == ["marta@example.com"]]
    assert "Call charges:" in message.body and "col/s" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "<strong>line technicians</strong>" in html  # the editor's bold, kept by the sanitiser

    # Red in the list while an action is pending; green once both are done.
    ticket = Ticket.objects.get(contact=marta)
    agent.goto("/crm/tickets/")
    row = agent.locator(f'tr[data-ticket="{ticket.pk}"]')
    expect(row).to_have_attribute("data-state", "pending")
    expect(row).to_have_class(re.compile("table-danger"))
    agent.screenshot(path="var/test-artifacts/crm-ticket-list.png", full_page=True)
    row.get_by_role("link", name=f"#{ticket.pk}").click()
    for _ in range(2):
        agent.get_by_role("button", name="Mark done").first.click()
        agent.wait_for_load_state()
    expect(agent.get_by_test_id("ticket-status")).to_have_attribute("data-open", "false")
    agent.screenshot(path="var/test-artifacts/crm-ticket-done.png", full_page=True)
    agent.goto("/crm/tickets/")
    expect(row).to_have_attribute("data-state", "done")
    expect(row).to_have_class(re.compile("table-success"))

    # SMS from the row's actions; the simulated reply arrives pushed.
    row.get_by_role("button", name="Actions").click()
    row.locator('[data-row-action="sms"]').click()
    agent.wait_for_selector('#sms-messages[data-socket="open"]')
    agent.get_by_label("Message").fill("Hi Marta, your line is fixed.")
    agent.get_by_role("button", name="Send", exact=True).click()
    thread = agent.get_by_test_id("sms-thread")
    expect(thread.locator('[data-direction="out"]')).to_contain_text("your line is fixed")
    _run_tasks()
    agent.wait_for_selector('#sms-messages[data-socket="open"]')
    expect(thread.locator('[data-direction="out"] [data-testid="sms-status"]')).to_have_text(
        "Delivered", timeout=WAIT
    )
    agent.get_by_label("Simulated reply").fill("Thanks!")
    agent.get_by_role("button", name="Simulate a reply").click()
    expect(thread.locator('[data-direction="in"]')).to_contain_text("Thanks!", timeout=WAIT)
    agent.screenshot(path="var/test-artifacts/crm-sms.png", full_page=True)

    # Elsewhere in the product, the next reply pops up, pushed.
    agent.goto("/crm/tickets/")
    agent.wait_for_selector('#sms-notice[data-socket="open"]', state="attached")
    with project_scope([marta.database.project_ids()[0]]):
        sms_simulate_reply(
            project_id=marta.database.project_ids()[0], number=marta.phones[0], body="Call me later"
        )
    notice = agent.get_by_test_id("sms-notice")
    expect(notice).to_contain_text("Call me later", timeout=WAIT)
    agent.screenshot(path="var/test-artifacts/crm-sms-notice.png")
    notice.get_by_role("link", name="Open the conversation").click()
    expect(agent.get_by_test_id("sms-thread")).to_contain_text("Call me later")
    assert violations == []  # the editor's styles run under the policy (their nonce)
