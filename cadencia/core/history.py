"""Semantic history: workflow steps recorded with a meaning and their data, beside the field
diffs the change log keeps for every save (in the spirit of pretix's ``log_action``).

    log_action(contact_import, "contacts.import.retried", step="write")

A service calls it inside its transaction; the entry carries the actor, source, request id and
projects like every other. Apps name their steps with ``register_verb`` so the change log can
show them in the reader's language.
"""

from typing import Any

from django.utils.functional import Promise

VERBS: dict[str, str | Promise] = {}


def register_verb(verb: str, label: str | Promise) -> None:
    VERBS[verb] = label


def verb_label(verb: str) -> str:
    return str(VERBS.get(verb, verb))


def log_action(instance: Any, verb: str, **data: Any) -> Any:
    """Record the step ``verb`` of ``instance`` with ``data`` (JSON values) in the change log."""
    from cadencia.core.models import ChangeLogEntry

    if verb not in VERBS:
        raise ValueError(f"unknown history verb {verb!r}: register it with register_verb")
    return ChangeLogEntry.objects.log_action(instance, verb, data)
