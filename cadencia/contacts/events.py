"""Events of the contacts app (see ``cadencia/core/events.py``)."""

from dataclasses import dataclass

from cadencia.core.events import Event, event_type


@event_type
@dataclass(frozen=True)
class ContactImportChanged(Event):
    """An import moved to another status (its counts as they are then)."""

    TYPE = "contact_import.changed"
    VERSION = 1

    import_id: int
    database_id: int
    status: str
    rows_valid: int
    rows_rejected: int
    created: int
    updated: int
    skipped: int
    error: str
