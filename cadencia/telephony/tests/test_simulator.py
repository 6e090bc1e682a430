"""The simulator passes the connector contract; its customers behave as configured."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cadencia.telephony.audio import RATE, voice_like_wav
from cadencia.telephony.connectors.simulator import SimulatorConnector
from cadencia.telephony.testing import RECEIVED, ConnectorContract, kinds

ANSWERS = {
    "answer_rate": 1.0,
    "ring_seconds": (0, 0),
    "customer_hangs_up_rate": 0.0,
    "abandon_rate": 0.0,
    "seed": 3,
}


@pytest.mark.django_db
class TestSimulatorContract(ConnectorContract):
    phone = SimulatorConnector()

    @pytest.fixture(autouse=True)
    def _behaviour(self, settings: Any, tmp_path: Any) -> Iterator[None]:
        settings.TELEPHONY_SIMULATOR = ANSWERS
        settings.MEDIA_ROOT = tmp_path
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
        yield

    def advance(self, seconds: float) -> None:
        self.phone.run_due(timezone.now() + timedelta(seconds=seconds))

    def inject(self, queue: str, caller: str) -> str:
        return self.phone.inject(queue=queue, caller=caller)


@pytest.mark.django_db
def test_customers_follow_the_configured_rates(settings: Any) -> None:
    settings.TELEPHONY_EVENT_SINK = "cadencia.telephony.testing.RecordingSink"
    settings.TELEPHONY_SIMULATOR = {
        "answer_rate": 0.5,
        "busy_rate": 0.2,
        "failed_rate": 0.1,
        "ring_seconds": (1, 5),
        "seed": 11,
    }
    from cadencia.telephony.connectors import reset
    from cadencia.telephony.connectors.base import Originate

    reset()
    RECEIVED.clear()
    phone = SimulatorConnector()
    for n in range(200):
        phone.originate(Originate(ref=f"r{n}", number="+1", caller_id="", agent=str(n)))
    phone.run_due(timezone.now())
    phone.run_due(timezone.now() + timedelta(seconds=60))
    outcomes = [kinds(f"r{n}")[1] for n in range(200)]
    causes = [getattr(r, "cause", "") for r in RECEIVED if r.KIND == "hung_up"]
    assert 80 <= outcomes.count("answered") <= 120
    assert 25 <= causes.count("busy") <= 55 and 8 <= causes.count("failed") <= 32
    assert 25 <= causes.count("no_answer") <= 55
    reset()


def test_recordings_are_wav_of_the_calls_length() -> None:
    import io
    import wave

    with wave.open(io.BytesIO(voice_like_wav(12.5, seed=4))) as wav:
        assert wav.getframerate() == RATE and wav.getnchannels() == 1
        assert wav.getnframes() == int(RATE * 12.5)
        frames = wav.readframes(wav.getnframes())
    assert any(frames) and frames.count(0) < len(frames)  # sound, with pauses
