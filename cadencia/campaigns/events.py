"""Events of the campaigns app (see ``cadencia/core/events.py``)."""

from dataclasses import dataclass

from cadencia.core.events import Event, event_type


@event_type
@dataclass(frozen=True)
class CampaignStateChanged(Event):
    """A campaign moved to another state (the campaign page and the consoles follow it)."""

    TYPE = "campaign.state_changed"
    VERSION = 1

    campaign_id: int
    state: str
    previous: str
