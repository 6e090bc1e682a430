"""Events of the audit (see ``cadencia/core/events.py``)."""

from dataclasses import dataclass

from cadencia.core.events import Event, event_type


@event_type
@dataclass(frozen=True)
class AuditItemChanged(Event):
    """An item entered the audit, was decided or redone. Sent to the auditors of its project
    (their queue and counts follow) and to its agent (My dispositions follows)."""

    TYPE = "audit.changed"
    VERSION = 1

    item_id: int
    status: str
    version: int
    campaign_id: int
    agent_id: int
