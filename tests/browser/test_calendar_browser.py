"""Issue #14's loop in Chromium: a supervisor filters contacts by company and disposition and
makes a preview campaign of them; then, in the week view of an agent's calendar, drags one of
the agent's actions to the next day, and the agent's own calendar, open on another page, shows
it move without a reload."""

import datetime
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cadencia.accounts.models import User
from cadencia.campaigns.models import Campaign
from cadencia.contacts.models import Company, Contact
from cadencia.core.scoping import scopes_disabled
from cadencia.crm import services
from cadencia.crm.models import ActionType, TicketAction
from tests.browser.phones import WAIT, sign_in

pytestmark = [pytest.mark.browser]
UTC = zoneinfo.ZoneInfo("UTC")


def _next_wednesday() -> datetime.datetime:
    today = timezone.now().astimezone(UTC).replace(hour=13, minute=0, second=0, microsecond=0)
    return today + datetime.timedelta(days=(2 - today.weekday()) % 7 + 7)


def _action_for(agent: User, start: datetime.datetime) -> TicketAction:
    with scopes_disabled():
        kind = ActionType.objects.get(name="Tutorial")
        ticket = services.ticket_open(
            project_id=kind.project_id,
            subject="Demo visit",
            description="",
            user=agent,
            actions=[
                services.ActionData(
                    kind,
                    "Field visit",
                    assignee=agent,
                    starts_at=start,
                    due_at=start + datetime.timedelta(hours=1),
                )
            ],
        )
        return ticket.actions.get()


def _page(browser: Any, base_url: str) -> Any:
    context = browser.new_context(base_url=base_url, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(10_000)
    return context.new_page()


def _event_in(page: Any, day: datetime.date) -> Any:
    column = page.locator(f'td.fc-timegrid-col[data-date="{day.isoformat()}"]')
    return column.locator(".fc-event", has_text="Field visit")


def test_campaign_from_a_contact_search_and_a_dragged_action_seen_live(
    browser: Any, asgi_server: str, phone_system: None
) -> None:
    supervisor = _page(browser, asgi_server)
    sign_in(supervisor, "supervisor", r"/")
    supervisor.goto("/contacts/contacts/")
    supervisor.get_by_label("Company").select_option(label="Transportes del Sur S.A.")
    supervisor.get_by_label("Disposition").select_option(label="Venta")
    supervisor.get_by_role("button", name="Filter").click()
    rows = supervisor.get_by_test_id("contact-row")
    expect(rows).to_have_count(2)
    supervisor.get_by_test_id("campaign-from-contacts").click()
    expect(supervisor.get_by_test_id("from-contacts-total")).to_contain_text("2 contacts match")
    supervisor.get_by_label("Make").select_option(label="A preview campaign")
    supervisor.get_by_label("Name").fill("Recupero Transportes")
    supervisor.get_by_role("button", name="Continue").click()
    expect(supervisor.get_by_test_id("campaign-parameters")).to_be_visible()
    expect(supervisor.get_by_label("Name")).to_have_value("Recupero Transportes")
    supervisor.screenshot(path="var/test-artifacts/crm-campaign-from-contacts.png", full_page=True)
    supervisor.get_by_role("button", name="Save and continue").click()
    supervisor.wait_for_url("**/options/")
    with scopes_disabled():
        campaign = Campaign.objects.get(name="Recupero Transportes")
        assert campaign.type == "preview" and campaign.contact_database is not None
        copied = sorted(c.external_id for c in campaign.contact_database.contacts.all())
        acme = Company.objects.get(name="Transportes del Sur S.A.")
        wanted = Contact.objects.filter(company=acme, last_disposition="Venta")
        assert copied == sorted(
            c.external_id for c in wanted if c.database_id != campaign.contact_database_id
        )

    # The calendar: the supervisor drags the agent's action to the next day.
    agent_user = User.objects.get(username="agent")
    start = _next_wednesday()
    action = _action_for(agent_user, start)
    day = start.date()
    agent = _page(browser, asgi_server)
    sign_in(agent, "agent", r"/")
    agent.goto(f"/crm/calendar/?date={day.isoformat()}")
    agent.wait_for_selector('#calendar[data-socket="open"]', timeout=WAIT)
    expect(_event_in(agent, day)).to_be_visible()
    supervisor.goto(f"/crm/calendar/?who=agents&agents={agent_user.pk}&date={day.isoformat()}")
    event = _event_in(supervisor, day)
    expect(event).to_be_visible()
    supervisor.screenshot(path="var/test-artifacts/crm-calendar-week.png", full_page=True)
    box = event.bounding_box()
    next_column = supervisor.locator(
        f'td.fc-timegrid-col[data-date="{(day + datetime.timedelta(days=1)).isoformat()}"]'
    ).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 8
    supervisor.mouse.move(x, y)
    supervisor.mouse.down()
    supervisor.mouse.move(x + 20, y, steps=5)
    supervisor.mouse.move(next_column["x"] + next_column["width"] / 2, y, steps=15)
    supervisor.mouse.up()
    moved_to = day + datetime.timedelta(days=1)
    expect(_event_in(supervisor, moved_to)).to_be_visible()
    # Pushed to the agent's page, which fetches its items again.
    expect(_event_in(agent, moved_to)).to_be_visible(timeout=WAIT)
    expect(_event_in(agent, day)).to_have_count(0)
    agent.screenshot(path="var/test-artifacts/crm-calendar-moved.png", full_page=True)
    with scopes_disabled():
        action.refresh_from_db()
        assert action.starts_at == start + datetime.timedelta(days=1)
        assert action.due_at == start + datetime.timedelta(days=1, hours=1)
        assert action.journal.filter(created=False).count() == 1
