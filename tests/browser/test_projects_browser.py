"""Issue #3's story in Chromium: an administrator isolates two clients with projects."""

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def _sign_out(page: Any) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _create_project(page: Any, name: str) -> None:
    page.goto("/projects/add/")
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("project-title").inner_text() == name


def _open_project(page: Any, name: str) -> None:
    page.goto("/projects/")
    page.get_by_test_id("project-tiles").get_by_role("link", name=name, exact=True).click()


def _create_schedule(page: Any, name: str, project: str) -> None:
    page.goto("/resources/schedules/add/")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Monday").fill("09:00-18:00")
    page.get_by_label(project, exact=True).check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("object-title").inner_text() == name


def test_admin_isolates_projects_and_supervisor_sees_only_a(page: Any, demo_users: Any) -> None:
    _sign_in(page, "admin", "cadencia-admin")

    page.goto("/projects/security/")
    page.get_by_label("Enhanced").check()
    page.get_by_role("button", name="Save").click()
    assert "The security mode was saved." in page.content()

    _create_project(page, "A")
    _create_project(page, "B")

    # The supervisor leaves "Default" and joins A only.
    _open_project(page, "Default")
    page.get_by_test_id("members").get_by_role("listitem").filter(
        has_text="(supervisor"
    ).get_by_role("button", name="Remove").click()
    assert "supervisor was removed." in page.content()
    _open_project(page, "A")
    page.get_by_test_id("member-add").get_by_role("combobox").select_option(label="supervisor")
    page.get_by_role("button", name="Add user").click()
    assert page.get_by_test_id("members").get_by_text("(supervisor").is_visible()

    _create_schedule(page, "A hours", "A")
    _create_schedule(page, "B hours", "B")

    page.goto("/changelog/")
    log = page.get_by_test_id("changelog").inner_text()
    for step in (
        "security settings",
        "Project: A",
        "Project: B",
        "Membership",
        "A hours",
        "B hours",
    ):
        assert step.lower() in log.lower(), step
    rows = page.get_by_test_id("changelog").locator("tbody tr").all_inner_texts()
    assert all("admin" in row for row in rows if "A hours" in row or "Project: B" in row)
    _sign_out(page)

    _sign_in(page, "supervisor", "cadencia-supervisor")
    page.goto("/resources/schedules/")
    listing = page.get_by_test_id("object-list").inner_text()
    assert "A hours" in listing
    assert "B hours" not in listing
    assert "Office hours" not in listing  # still in Default, which the supervisor left
    page.goto("/changelog/")
    log = page.get_by_test_id("changelog").inner_text()
    assert "A hours" in log and "B hours" not in log


def test_schedule_form_renders_project_checkboxes(page: Any, demo_users: Any) -> None:
    """A look at the form a supervisor fills in; the screenshot is kept for review."""
    from cadencia.projects.services import project_create, security_mode_set

    security_mode_set(mode="enhanced")
    project_create(name="Sales")
    _sign_in(page, "admin", "cadencia-admin")
    page.goto("/resources/schedules/add/")
    checkbox = page.get_by_label("Default", exact=True)
    assert checkbox.is_visible()
    checkbox.check()
    assert checkbox.is_checked()
