"""Events of the CRM (see ``cadencia/core/events.py``)."""

from dataclasses import dataclass

from cadencia.core.events import Event, event_type


@event_type
@dataclass(frozen=True)
class SmsChanged(Event):
    """An SMS was received, or a sent one changed status. Sent to the project's users who read
    SMS conversations, and to the agent who last wrote to the number (the inbound reply pops up
    for them)."""

    TYPE = "sms.changed"
    VERSION = 1

    message_id: int
    number: str
    contact_id: int | None
    direction: str
    status: str


@event_type
@dataclass(frozen=True)
class CalendarChanged(Event):
    """An item of the shared calendar moved (an action's dates, a callback's time). Sent to
    the project's users who follow tickets; their calendars fetch their items again."""

    TYPE = "calendar.changed"
    VERSION = 1

    kind: str
    item_id: int
    user_id: int | None
