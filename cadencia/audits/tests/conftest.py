from typing import Any

import pytest

from cadencia.audits.tests.world import AuditWorld
from cadencia.console.tests.world import simulated_settings


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> AuditWorld:
    simulated_settings(settings, tmp_path)
    return AuditWorld()
