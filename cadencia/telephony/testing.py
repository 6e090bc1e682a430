"""The contract every telephony connector passes (the simulator now; SIP and Asterisk later).

A connector's test module subclasses ``ConnectorContract`` and provides ``phone`` (the connector
under test, configured so the far end answers) and ``advance(seconds)`` (lets the far end act:
the simulator's clock, a real system's wait). Reports are collected by a recording sink put in
place of the console's (``settings.TELEPHONY_EVENT_SINK``).
"""

from __future__ import annotations

from typing import Any

import pytest

from cadencia.telephony.connectors import reset
from cadencia.telephony.connectors.base import (
    Connector,
    HangupCause,
    Originate,
    QueueConfig,
    Report,
    TelephonyError,
)

RECEIVED: list[Report] = []


class RecordingSink:
    def report(self, report: Report) -> None:
        RECEIVED.append(report)


def kinds(ref: str) -> list[str]:
    return [r.KIND for r in RECEIVED if r.ref == ref]


class ConnectorContract:
    phone: Connector

    def advance(self, seconds: float) -> None:
        raise NotImplementedError

    def inject(self, queue: str, caller: str) -> str:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _sink(self, settings: Any) -> Any:
        settings.TELEPHONY_EVENT_SINK = "cadencia.telephony.testing.RecordingSink"
        reset()
        RECEIVED.clear()
        yield
        reset()

    def originate(self, ref: str, **kwargs: Any) -> None:
        self.phone.originate(
            Originate(ref=ref, number="+5493516219387", caller_id="100", agent="7", **kwargs)
        )

    def test_originate_reports_ringing_then_answered(self) -> None:
        self.originate("c1")
        self.advance(0)
        self.advance(60)
        assert kinds("c1")[:2] == ["ringing", "answered"]

    def test_hang_up_ends_a_connected_call_as_answered(self) -> None:
        self.originate("c2")
        self.advance(0)
        self.advance(60)
        self.phone.hang_up("c2")
        ended = [r for r in RECEIVED if r.ref == "c2" and r.KIND == "hung_up"]
        assert [getattr(r, "cause", None) for r in ended] == [HangupCause.ANSWERED]

    def test_hang_up_while_ringing_cancels(self) -> None:
        self.originate("c3")
        self.advance(0)
        self.phone.hang_up("c3")
        assert kinds("c3") == ["ringing", "hung_up"]
        assert RECEIVED[-1].cause == HangupCause.CANCELLED  # type: ignore[attr-defined]

    def test_a_recorded_call_reports_its_recording_before_it_ends(self) -> None:
        self.originate("c4", record=True)
        self.advance(0)
        self.advance(60)
        self.phone.hang_up("c4")
        assert kinds("c4")[-2:] == ["recording_ready", "hung_up"]

    def test_requests_on_a_call_that_is_not_connected_are_refused(self) -> None:
        self.originate("c5")
        for request in (
            lambda: self.phone.hold("c5", on=True),
            lambda: self.phone.send_dtmf("c5", digits="1"),
            lambda: self.phone.transfer("c5", to="200", attended=False),
            lambda: self.phone.recording("c5", on=True),
        ):
            with pytest.raises(TelephonyError):
                request()
        with pytest.raises(TelephonyError):
            self.phone.hang_up("unknown")

    def test_hold_dtmf_and_transfer_of_a_connected_call(self) -> None:
        self.originate("c6")
        self.advance(0)
        self.advance(60)
        self.phone.hold("c6", on=True)
        with pytest.raises(TelephonyError):
            self.phone.hold("c6", on=True)
        self.phone.hold("c6", on=False)
        self.phone.send_dtmf("c6", digits="12#")
        with pytest.raises(TelephonyError):
            self.phone.send_dtmf("c6", digits="x")
        self.phone.transfer("c6", to="200", attended=True)  # consulting: still connected
        assert kinds("c6")[-1] == "answered"
        self.phone.transfer("c6", to="200", attended=True)  # completes
        assert kinds("c6")[-1] == "hung_up"

    def test_inbound_call_is_queued_offered_to_an_available_agent_and_answered(self) -> None:
        self.phone.queue_configure(QueueConfig(queue="q1", max_wait=60))
        self.phone.queue_member("q1", "7", available=False)
        ref = self.inject("q1", "+5493516219390")
        self.advance(0)
        assert kinds(ref) == ["queued"]  # nobody available
        self.phone.queue_member("q1", "7", available=True)
        self.advance(0)
        assert kinds(ref) == ["queued", "offered"]
        with pytest.raises(TelephonyError):
            self.phone.answer(ref, agent="8")
        self.phone.answer(ref, agent="7")
        assert kinds(ref)[-1] == "answered"

    def test_ring_all_offers_every_available_agent_and_withdraws_from_the_others(self) -> None:
        self.phone.queue_configure(QueueConfig(queue="q2", strategy="ring_all"))
        for agent in ("7", "8"):
            self.phone.queue_member("q2", agent, available=True)
        ref = self.inject("q2", "+5493516219390")
        self.advance(0)
        assert kinds(ref).count("offered") == 2
        self.phone.answer(ref, agent="8")
        withdrawn = [r for r in RECEIVED if r.ref == ref and r.KIND == "offer_withdrawn"]
        assert [getattr(r, "agent", None) for r in withdrawn] == ["7"]

    def test_a_caller_nobody_answers_moves_to_the_overflow_queue(self) -> None:
        self.phone.queue_configure(QueueConfig(queue="q4", max_wait=300))
        self.phone.queue_configure(
            QueueConfig(queue="q3", max_wait=10, on_timeout="queue", overflow_queue="q4")
        )
        ref = self.inject("q3", "+5493516219390")
        self.advance(11)
        queued = [getattr(r, "queue", "") for r in RECEIVED if r.ref == ref and r.KIND == "queued"]
        assert queued == ["q3", "q4"]
