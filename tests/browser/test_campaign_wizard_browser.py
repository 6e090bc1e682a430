"""Issue #10's story in Chromium: a manager creates a manual campaign through the three wizard
steps, leaves after the first, resumes from the campaign page and sees it finished there."""

import re
from typing import Any

import pytest

from cadencia.campaigns.models import Campaign
from cadencia.campaigns.services import form_save
from cadencia.projects.services import project_default

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manual_campaign_through_the_wizard_left_and_resumed(page: Any, demo_users: Any) -> None:
    from cadencia.campaigns.models import Form

    form_save(
        form=Form(name="Sale"),
        project_ids={project_default().pk},
        fields=[
            {
                "key": "plan",
                "label": "Plan",
                "type": "choice",
                "required": True,
                "choices": ["A", "B"],
            }
        ],
        user=None,
    )
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("cadencia-manager")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))

    menu = page.get_by_test_id("main-menu")
    menu.get_by_role("button", name="Setup").click()
    menu.get_by_role("link", name="Campaigns").click()
    page.get_by_test_id("add").click()
    page.get_by_test_id("add-manual").click()
    page.get_by_label("Name", exact=True).fill("Winter sales")
    page.get_by_label("Script").fill("Hello, this is {agent} from Cadencia.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/options/$"))

    # Leave the wizard after step 1; the campaign page offers to resume.
    page.get_by_role("link", name="Leave (the draft is kept)").click()
    assert page.get_by_test_id("campaign-state").inner_text() == "Draft"
    page.get_by_test_id("resume").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/options/$"))

    rows = page.get_by_test_id("option-row")
    rows.nth(0).locator("input[name$='-name']").fill("Sale")
    rows.nth(0).locator("select[name$='-form']").select_option(label="Sale")
    rows.nth(0).locator("input[name$='-positive']").check()
    rows.nth(1).locator("input[name$='-name']").fill("Not interested")
    rows.nth(1).locator("select[name$='-kind']").select_option("no_action")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/people/$"))

    page.get_by_label("Andrés Agent (agent)").first.check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/campaigns/campaigns/\d+/$"))
    assert page.get_by_test_id("object-title").inner_text().startswith("Winter sales")
    assert page.get_by_test_id("resume").count() == 0
    options = page.get_by_test_id("campaign-options-list").inner_text()
    assert "Sale" in options and "Not interested" in options
    assert "Andrés Agent" in page.get_by_test_id("campaign-agents").inner_text()

    page.get_by_test_id("move-active").click()
    assert page.get_by_test_id("campaign-state").inner_text() == "Active"
    campaign = Campaign.objects.get(name="Winter sales")
    assert campaign.state == "active" and campaign.wizard_done
