"""Events of the console (see ``cadencia/core/events.py``)."""

from dataclasses import dataclass

from cadencia.core.events import Event, event_type


@event_type
@dataclass(frozen=True)
class AgentStateChanged(Event):
    """An agent logged in or out, got ready, paused, or a call changed their state. Sent to the
    projects of the campaigns they work (supervisors) and to the agent."""

    TYPE = "agent.state_changed"
    VERSION = 1

    agent_id: int
    state: str
    pause_reason: str
    since: str  # ISO 8601
    campaign_ids: list


@event_type
@dataclass(frozen=True)
class CallChanged(Event):
    """A call rang, was offered, answered or ended. Sent to its agent only (and to the agents
    an inbound call rings): other agents of the project do not see each other's calls."""

    TYPE = "call.changed"
    VERSION = 1

    call_id: int
    state: str
    direction: str
    campaign_id: int
    agent_id: int | None
    cause: str


@event_type
@dataclass(frozen=True)
class DispositionSaved(Event):
    """A disposition was recorded (the campaign page's objective and counts follow it)."""

    TYPE = "disposition.saved"
    VERSION = 1

    disposition_id: int
    campaign_id: int
    option_id: int
    positive: bool
    agent_id: int
