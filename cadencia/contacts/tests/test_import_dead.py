"""An import whose process dies (kill -9, a machine restart) is noticed, marked failed with a
clear reason, and can be retried; nothing was written (issue #9, point 3)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from cadencia.contacts import services
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import Contact, ContactDatabase, ContactImport
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import check_upload, write_file
from cadencia.core.models import ChangeLogEntry
from cadencia.projects.services import project_default

ROWS = "nombre,telefono\nAna,(0351) 15-621-9387\nLuis,351 621 9390\n"


def _dead_pid() -> int:
    """The id of a process that was killed with SIGKILL (and reaped)."""
    child = subprocess.Popen(["sleep", "60"])  # noqa: S607 - coreutils
    child.send_signal(signal.SIGKILL)
    child.wait()
    return child.pid


def _worker() -> None:
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "d")


def _as_if_running(contact_import: ContactImport, status: str, pid: int) -> None:
    ContactImport.objects.filter(pk=contact_import.pk).update(
        status=status, owner_host=socket.gethostname(), owner_pid=pid
    )
    contact_import.refresh_from_db()


def test_a_live_owner_is_left_alone(tmp_path: Path, database: ContactDatabase) -> None:
    checked = check_upload(database, write_file(tmp_path, ROWS), mapping=Mapping(["telefono"]))
    _as_if_running(checked, ContactImport.Status.RUNNING, os.getpid())
    assert services.contact_import_reap(contact_import=checked).status == "running"


def test_a_dead_write_is_failed_and_retried(tmp_path: Path, database: ContactDatabase) -> None:
    checked = check_upload(database, write_file(tmp_path, ROWS), mapping=Mapping(["telefono"]))
    _as_if_running(checked, ContactImport.Status.RUNNING, _dead_pid())
    reaped = services.contact_import_reap(contact_import=checked)
    assert (reaped.status, reaped.retry_step) == ("failed", "write")
    assert "stopped" in reaped.error_text()
    with translation.override("es"):
        assert "se detuvo" in reaped.error_text()
    assert Contact.objects.count() == 0
    assert services.contact_import_can_retry(reaped)
    services.contact_import_retry(contact_import=reaped)
    assert reaped.status == "validated"
    # Semantic history beside the field diffs: what happened, with its data.
    steps = ChangeLogEntry.objects.filter(object_pk=str(reaped.pk)).exclude(verb="")
    assert [(e.verb, e.additional_data["step"]) for e in steps.order_by("pk")] == [
        ("contacts.import.process_died", "write"),
        ("contacts.import.retried", "write"),
    ]
    assert {p.pk for p in steps.earliest("pk").projects.all()} == set(database.project_ids())
    done = services.contact_import_execute(contact_import=reaped)
    assert (done.status, done.created) == ("done", 2)


@pytest.mark.covers("contacts:import_retry", "contactimport-retry")
@pytest.mark.django_db(transaction=True)
def test_a_dead_check_on_the_page_and_the_api(demo_users: dict[str, Any]) -> None:
    admin = Client()
    admin.force_login(demo_users["admin"])
    database = ContactDatabaseFactory.create(projects=[project_default()])
    upload = Path(settings.CONTACT_IMPORT_DIR) / "upload-dead.csv"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text(ROWS)
    contact_import = ContactImport.objects.create(
        database=database, filename="dead.csv", mode="append", duplicates="skip",
        duplicate_key="phone", mapping=Mapping(["telefono"]).as_dict(), has_header=True,
        status=ContactImport.Status.VALIDATING, upload_name=upload.name,
    )  # fmt: skip
    _as_if_running(contact_import, ContactImport.Status.VALIDATING, _dead_pid())
    page = admin.get(reverse("contacts:import_detail", args=[contact_import.pk]))
    body = page.content.decode()
    assert "The process working on this import stopped" in body
    assert 'data-testid="import-retry"' in body
    assert "hx-trigger" not in body  # no more polling
    response = admin.post(reverse("contacts:import_retry", args=[contact_import.pk]))
    assert response.status_code == 302
    _worker()
    contact_import.refresh_from_db()
    assert (contact_import.status, contact_import.rows_valid) == ("validated", 2)
    # The API: a dead write is noticed on reading, and retried.
    _as_if_running(contact_import, ContactImport.Status.RUNNING, _dead_pid())
    token, _created = Token.objects.get_or_create(user=demo_users["admin"])
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    status = api.get(f"/api/v1/contact-imports/{contact_import.pk}/").json()
    assert status["status"] == "failed" and "stopped" in status["error"]
    assert api.post(f"/api/v1/contact-imports/{contact_import.pk}/retry/").status_code == 202
    log = admin.get(reverse("core:changelog")).content.decode()
    assert "Import retried" in log and "Import stopped: its process died" in log
    entries = api.get("/api/v1/changelog/").json()["results"]
    assert "contacts.import.retried" in {e["step"] for e in entries}
    _worker()
    contact_import.refresh_from_db()
    assert (contact_import.status, contact_import.created) == ("done", 2)
    again = api.post(f"/api/v1/contact-imports/{contact_import.pk}/retry/")
    assert again.status_code == 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a server")
@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_command_line_import(tmp_path: Path) -> None:
    """The real thing: the operator's command is killed while it imports."""
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write("nombre,telefono\n")
        for i in range(300_000):
            out.write(f"C{i},+54935162{i % 100000:05d}\n")
    test_db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{test_db['USER']}@{test_db['HOST']}:{test_db['PORT']}/"
        f"{test_db['NAME']}",
        "CONTACT_IMPORT_WORKERS": "1",
        "CONTACT_IMPORT_DIR": str(tmp_path / "imports"),
    }
    command = [sys.executable, "manage.py", "import_contacts", str(path), "--database", "Big",
               "--phones", "telefono", "--duplicates", "allow"]  # fmt: skip
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            working = ContactImport.objects.filter(owner_pid=process.pid, status="running")
            if working.exists():
                break
            time.sleep(0.05)
        else:
            pytest.fail("the command never started writing")
        time.sleep(0.3)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    contact_import = ContactImport.objects.get(owner_pid=process.pid)
    reaped = services.contact_import_reap(contact_import=contact_import)
    assert (reaped.status, reaped.retry_step) == ("failed", "write")
    assert Contact.objects.filter(database__name="Big").count() == 0
