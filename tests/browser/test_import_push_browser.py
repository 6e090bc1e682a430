"""Issue #9: an import's progress reaches the page through the event socket, without polling,
and a reload loses nothing (the page renders the current state, the socket replays the rest)."""

import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from cadencia.contacts import services
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import ContactImport
from cadencia.contacts.progress import progress_start, progress_update
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import check_upload, write_file
from cadencia.projects.services import project_default

pytestmark = [pytest.mark.browser]

ROWS = "nombre,tel\n" + "".join(f"C{i},+54935162{i:05d}\n" for i in range(40))


def _sign_in(page: Any) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("cadencia-manager")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def _status(page: Any, status: str) -> None:
    page.wait_for_selector(f'[data-testid="import-status"][data-status="{status}"]')


def test_progress_is_pushed_and_survives_a_reload(
    asgi_page: Any, demo_users: Any, tmp_path: Path
) -> None:
    page = asgi_page
    database = ContactDatabaseFactory.create(name="Deudores", projects=[project_default()])
    checked = check_upload(database, write_file(tmp_path, ROWS), mapping=Mapping(["tel"]))
    detail = f"/contacts/imports/{checked.pk}/"
    fetches: list[str] = []
    page.on("request", lambda r: fetches.append(r.url) if r.url.endswith(detail) else None)

    _sign_in(page)
    page.goto(detail)
    _status(page, "validated")
    page.wait_for_selector('#import-status[data-socket="open"]')

    # A worker starts writing (another thread here; a worker process in production).
    services._claim(checked, ContactImport.Status.RUNNING)
    progress_start(checked.token, "importing", 40)
    progress_update(checked.token, 10)
    _status(page, "running")
    expect(page.get_by_test_id("import-status")).to_contain_text("10 of 40 rows")
    progress_update(checked.token, 25)
    expect(page.get_by_test_id("import-status")).to_contain_text("25 of 40 rows")
    page.screenshot(path="var/test-artifacts/import-progress-pushed.png", full_page=True)

    # Nothing changes: nothing is fetched (no polling).
    before = len(fetches)
    time.sleep(2.5)
    assert len(fetches) == before

    # A reload shows the state as it is, and the socket picks up from there.
    page.reload()
    _status(page, "running")
    assert "25 of 40 rows" in page.get_by_test_id("import-status").inner_text()
    page.wait_for_selector('#import-status[data-socket="open"]')
    ContactImport.objects.filter(pk=checked.pk).update(status=ContactImport.Status.VALIDATED)
    services.contact_import_execute(contact_import=ContactImport.objects.get(pk=checked.pk))
    _status(page, "done")
    assert "Created: 40" in page.get_by_test_id("import-counts").inner_text()
