import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from cadencia.telephony.connectors import reset
from cadencia.telephony.connectors.simulator import SimulatorConnector
from tests.browser.phones import CUSTOMERS


@pytest.fixture
def phone_system(asgi_server: str, settings: Any, tmp_path: Any) -> Iterator[None]:
    """Demo data, and the simulator's clock ticking in a thread."""
    settings.TELEPHONY_SIMULATOR = CUSTOMERS
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    reset()
    call_command("demo_data", "--quiet-logins")
    stop = threading.Event()

    def clock() -> None:
        simulator = SimulatorConnector()
        while not stop.is_set():
            # A tick that finds the database busy (the server is writing) waits for the next.
            with contextlib.suppress(OperationalError):
                simulator.run_due()
            stop.wait(0.1)
        connection.close()

    thread = threading.Thread(target=clock, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=5)
    reset()
