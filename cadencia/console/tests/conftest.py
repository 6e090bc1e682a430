from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cadencia.console.tests.world import ALWAYS_ANSWERS, ConsoleWorld


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> ConsoleWorld:
    settings.TELEPHONY_SIMULATOR = ALWAYS_ANSWERS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return ConsoleWorld()


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Any,
) -> Callable[[], Any]:
    """``with committed(): ...`` runs what the block defers to its commit (connector requests,
    events), as a real request would once it commits."""

    def block() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture(autouse=True)
def _no_leftover_connector() -> Iterator[None]:
    from cadencia.telephony.connectors import reset

    yield
    reset()
