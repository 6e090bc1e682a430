"""The Content-Security-Policy forbids inline scripts; the pages still work under it in Chromium
(issue #9): no violation is reported, the language switch still submits itself, and deleting a
project asks first, naming how many members lose access."""

import re
from typing import Any

import pytest

from cadencia.projects.services import membership_add, project_create, security_mode_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/contacts/databases/",
    "/contacts/contacts/",
    "/resources/schedules/add/",
    "/projects/",
    "/changelog/",
    "/api/docs/",
    "/admin/",
]


def _sign_in(page: Any) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("cadencia-admin")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_pages_run_under_the_policy(page: Any, demo_users: dict[str, Any]) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text[:90]}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    _sign_in(page)
    for url in PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=10_000)
    page.screenshot(path="var/test-artifacts/api-docs.png")
    assert violations == []
    # The language switch submits itself without an inline handler.
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language-switch", "es")
    assert page.locator("html").get_attribute("lang") == "es"


def test_deleting_a_project_asks_first(page: Any, demo_users: dict[str, Any]) -> None:
    security_mode_set(mode="enhanced")
    doomed = project_create(name="Doomed")
    membership_add(project=doomed, user=demo_users["agent"])
    _sign_in(page)
    page.goto(f"/projects/{doomed.pk}/")
    messages: list[str] = []

    def dismiss(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_test_id("project-delete").get_by_role("button").click()
    assert messages == ["Delete the project “Doomed”? Its 1 member will lose access to it."]
    assert page.url.endswith(f"/projects/{doomed.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("project-delete").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/projects/$"))
    assert "was deleted" in page.content()
