"""Events cross processes on the embedded defaults (issue #9): a web process (uvicorn) and
another process (as the task worker would) share only a SQLite file; an event the second one
publishes reaches a browser's socket on the first."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from websockets.sync.client import connect

SETUP = """
from django.test import Client
from cadencia.accounts.services import role_sync_builtin, user_create
from cadencia.accounts.models import Role
from cadencia.projects.services import project_default
role_sync_builtin()
manager = Role.objects.get(builtin="manager")
user = user_create(username="watcher", password="Watch-it-42", role=manager)
client = Client()
client.force_login(user)
print("SESSION", client.cookies["sessionid"].value, project_default().pk)
"""

PUBLISH = """
from cadencia.contacts.events import ContactImportChanged
from cadencia.core.events import publish
publish(ContactImportChanged(import_id=7, database_id=1, status="done", rows_valid=2,
        rows_rejected=0, created=2, updated=0, skipped=0, error=""), projects=[{project}])
"""


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def test_an_event_from_another_process_reaches_a_socket_on_sqlite(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path}/events.sqlite3",
        "DJANGO_SETTINGS_MODULE": "cadencia.settings",
    }
    _manage(env, "migrate", "--noinput", "-v", "0")
    line = next(
        x for x in _manage(env, "shell", "-c", SETUP).splitlines() if x.startswith("SESSION")
    )
    _marker, session, project = line.split()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    web = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "cadencia.asgi:application", "--port", str(port),
         "--lifespan", "off", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        with connect(
            f"ws://localhost:{port}/ws/events/?last=0",
            additional_headers={"Cookie": f"sessionid={session}", "Origin": "http://localhost"},
            open_timeout=10,
        ) as browser_socket:
            _manage(env, "shell", "-c", PUBLISH.format(project=project))
            message = json.loads(browser_socket.recv(timeout=10))
    finally:
        web.terminate()
        web.wait(timeout=10)
    assert message["type"] == "contact_import.changed"
    assert message["data"]["status"] == "done" and message["data"]["import_id"] == 7
