"""What apps above the console add to an agent's My dispositions (the audit adds each
management's status and its auditor's note). Registered in the app's ``ready()``; the console
imports none of them.

An annotator takes the page's dispositions and returns, per disposition id, a ``RowNote``; it
must answer with a fixed number of queries whatever the page size."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowNote:
    label: str  # translated status, e.g. "Observed"
    tone: str  # a Bootstrap colour: secondary, success, danger, warning, info
    note: str = ""  # what the agent should read (the auditor's observation)
    action_url: str = ""  # where the agent acts on it (redo the management)
    action_label: str = ""
    highlight: bool = False  # the row needs the agent's attention


Annotator = Callable[[Sequence[Any]], dict[int, RowNote]]
DISPOSITION_ANNOTATORS: list[Annotator] = []


def register_disposition_annotator(annotator: Annotator) -> None:
    if annotator not in DISPOSITION_ANNOTATORS:
        DISPOSITION_ANNOTATORS.append(annotator)


def annotate(dispositions: Sequence[Any]) -> dict[int, list[RowNote]]:
    notes: dict[int, list[RowNote]] = {}
    for annotator in DISPOSITION_ANNOTATORS:
        for disposition_id, note in annotator(dispositions).items():
            notes.setdefault(disposition_id, []).append(note)
    return notes


# URL names taking a call's id: parts shown on the call card and the pending calls (the CRM's
# tickets, comments and attachments of the call), fetched when the card is shown.
CALL_PANELS: list[str] = []


def register_call_panel(url_name: str) -> None:
    if url_name not in CALL_PANELS:
        CALL_PANELS.append(url_name)
