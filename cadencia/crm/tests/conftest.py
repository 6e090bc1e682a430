from typing import Any

import pytest

from cadencia.console.tests.world import simulated_settings
from cadencia.crm.tests.world import CrmWorld


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> CrmWorld:
    simulated_settings(settings, tmp_path)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return CrmWorld()


from cadencia.crm.tests.search_world import crm, history  # noqa: E402, F401 - fixtures
