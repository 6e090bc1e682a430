from typing import Any

import pytest

from cadencia.console.tests.world import ConsoleWorld, simulated_settings


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> ConsoleWorld:
    simulated_settings(settings, tmp_path)
    return ConsoleWorld()
