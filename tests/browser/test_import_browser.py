"""Issue #4's story in Chromium: upload → mapping → report → import → progress → contacts."""

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "nombre;teléfono;celular;cliente\n"
    "José;(0351) 15-621-9387;;C1\n"
    "Lucía;351 621 9390;+54 9 351 621-9391;C2\n"
    "Nadie;;;C3\n"
)


@pytest.fixture
def run_tasks_now(settings: Any) -> None:
    """The live server has no separate worker process: run each task as it is enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_import_a_file_and_see_the_contacts(
    page: Any, demo_users: Any, tmp_path: Path, run_tasks_now: None
) -> None:
    from cadencia.contacts.tests.factories import ContactDatabaseFactory
    from cadencia.projects.services import project_default

    database = ContactDatabaseFactory.create(name="Deudores", projects=[project_default()])
    path = tmp_path / "clientes.csv"
    path.write_bytes(CSV.encode("cp1252"))

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("cadencia-manager")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"/contacts/databases/{database.pk}/")
    page.get_by_test_id("import").click()
    page.get_by_label("CSV or XLSX file").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()

    page.wait_for_url(re.compile(r"/mapping/$"))
    assert page.get_by_label("Use of teléfono").input_value() == "phone"
    page.get_by_label("Use of celular").select_option("phone")
    page.get_by_label("Use of cliente").select_option("external_id")
    page.get_by_role("button", name="Check the rows").click()

    status = page.get_by_test_id("import-status")
    assert status.get_attribute("data-status") == "validated"
    assert "no valid phone" in page.get_by_test_id("problems").inner_text()
    page.get_by_role("button", name="Import the 2 valid rows").click()

    assert page.get_by_test_id("import-status").get_attribute("data-status") == "done"
    assert "Created: 2" in page.get_by_test_id("import-counts").inner_text()
    page.get_by_test_id("see-contacts").click()
    listing = page.get_by_test_id("contact-list").inner_text()
    assert "José" in listing and "Lucía" in listing and "Nadie" not in listing
    # Shown for reading in the database's region (the API and exports keep E.164).
    assert "0351 15-621-9391" in listing and "+5493516219391" not in listing
    page.screenshot(path="var/test-artifacts/contacts-formatted.png", full_page=True)
