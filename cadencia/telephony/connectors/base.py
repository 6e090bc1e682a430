"""What the rest of Cadencia may ask of a phone system, and what it reports back.

Campaigns, the console, audits and the dialer talk to a ``Connector`` only; the connector in
use is named by ``settings.TELEPHONY_CONNECTOR`` (the simulator on the embedded defaults; SIP
and Asterisk connectors later). A connector reports what happens on its calls as ``Report``
objects handed to the sink named by ``settings.TELEPHONY_EVENT_SINK`` (the console's call
services), which write the call records and publish events after commit.

Calls are named by a ``ref`` (a string the caller chooses when it originates, the connector
when a call comes in); agents by a string key (the user's id) and queues by a string key (the
inbound campaign's id): a phone system knows neither users nor campaigns.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from datetime import datetime
from typing import ClassVar, Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class HangupCause(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    BUSY = "busy", _("Busy")
    NO_ANSWER = "no_answer", _("No answer")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    ABANDONED = "abandoned", _("Abandoned")


class QueueStrategy(models.TextChoices):
    LONGEST_IDLE = "longest_idle", _("Longest idle agent")
    RING_ALL = "ring_all", _("Ring all")
    FEWEST_CALLS = "fewest_calls", _("Fewest calls")
    RANDOM = "random", _("Random")


class TelephonyError(Exception):
    """The phone system refused a request (unknown call, call not in a state that allows it).
    The message is translated: it is shown to the agent."""


@dataclasses.dataclass(frozen=True)
class Originate:
    ref: str
    number: str  # what the trunk dials, after the route's rewrite
    caller_id: str
    agent: str  # the agent whose phone is bridged to the call
    trunk: str = ""  # trunk name; "" lets the connector choose
    record: bool = False
    ring_timeout: int = 30  # seconds before "no answer"


@dataclasses.dataclass(frozen=True)
class QueueConfig:
    queue: str
    strategy: str = QueueStrategy.LONGEST_IDLE
    max_wait: int = 120  # seconds a caller waits for an agent
    # When the wait is over: "queue" (to ``overflow_queue``), "voicemail" or "hang_up".
    on_timeout: str = "hang_up"
    overflow_queue: str = ""
    record: bool = False


# ---- What a connector reports -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Report:
    KIND: ClassVar[str] = ""
    ref: str
    at: datetime


@dataclasses.dataclass(frozen=True)
class Ringing(Report):
    """The far end is ringing (outbound)."""

    KIND = "ringing"


@dataclasses.dataclass(frozen=True)
class Queued(Report):
    """An inbound call entered a queue (or moved to another one when the wait was over)."""

    KIND = "queued"
    queue: str = ""
    caller: str = ""


@dataclasses.dataclass(frozen=True)
class Offered(Report):
    """A queue rings an agent with an inbound call."""

    KIND = "offered"
    agent: str = ""


@dataclasses.dataclass(frozen=True)
class OfferWithdrawn(Report):
    """Another agent answered a call that rang several (ring all), or the caller left."""

    KIND = "offer_withdrawn"
    agent: str = ""


@dataclasses.dataclass(frozen=True)
class Answered(Report):
    KIND = "answered"
    agent: str = ""


@dataclasses.dataclass(frozen=True)
class HungUp(Report):
    KIND = "hung_up"
    cause: str = HangupCause.ANSWERED


@dataclasses.dataclass(frozen=True)
class RecordingReady(Report):
    """A recording of the call is in storage under ``name``."""

    KIND = "recording_ready"
    name: str = ""
    seconds: float = 0.0
    voicemail: bool = False


class EventSink(Protocol):
    def report(self, report: Report) -> None: ...


# ---- What the rest of Cadencia may ask ----------------------------------------------------


class Connector(ABC):
    """The operations of a phone system. Requests are made after the caller's transaction
    commits (``transaction.on_commit``), so a rolled-back write never leaves a live call."""

    @abstractmethod
    def originate(self, request: Originate) -> None:
        """Dial ``request.number`` for the agent; reports Ringing, then Answered or HungUp."""

    @abstractmethod
    def answer(self, ref: str, *, agent: str) -> None:
        """The agent takes an inbound call offered to them; reports Answered."""

    @abstractmethod
    def hang_up(self, ref: str) -> None:
        """Ends the call (cancels it while it rings); reports HungUp."""

    @abstractmethod
    def hold(self, ref: str, *, on: bool) -> None: ...

    @abstractmethod
    def transfer(self, ref: str, *, to: str, attended: bool) -> None:
        """Blind: the call goes to ``to`` and the agent leaves it (HungUp for the agent's leg).
        Attended: the agent talks to ``to`` first; a second ``transfer`` completes it."""

    @abstractmethod
    def send_dtmf(self, ref: str, *, digits: str) -> None: ...

    @abstractmethod
    def recording(self, ref: str, *, on: bool) -> None:
        """Start or stop recording; what was recorded is reported as RecordingReady at the
        end of the call."""

    @abstractmethod
    def queue_configure(self, config: QueueConfig) -> None:
        """Create or update an inbound queue (idempotent)."""

    @abstractmethod
    def queue_member(self, queue: str, agent: str, *, available: bool) -> None:
        """Whether the queue may offer calls to the agent (a ready agent is available)."""
