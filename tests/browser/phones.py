"""What the browser tests of the console and the audit share: the simulated phone system's
clock (a fixture, in conftest), signing in and logging in to the console."""

import re
from typing import Any

from playwright.sync_api import expect

# Pushed changes under load (CI runs the browser, the server and the clock on 2 cores).
WAIT = 20_000

CUSTOMERS = {
    "answer_rate": 1.0,
    "ring_seconds": (1, 1),
    "customer_hangs_up_rate": 0.0,
    "abandon_rate": 0.0,
    "seed": 2,
}


def sign_in(page: Any, username: str, landing: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"cadencia-{username}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(landing))


def work(page: Any, campaign: str) -> None:
    page.get_by_label(campaign).check()
    page.get_by_role("button", name="Log in to the console").click()
    expect(page.get_by_test_id("agent-state")).to_have_attribute(
        "data-state", "ready", timeout=WAIT
    )
    page.wait_for_selector('#console-panel[data-socket="open"]')
