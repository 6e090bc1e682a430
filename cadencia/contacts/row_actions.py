"""What a user can do with a contact from any list row (the seed's row actions): call it, open
its details, open a ticket, write an SMS… One component: apps above contacts register their
action in ``ready()``; every list renders ``{% contact_actions contact %}``, which shows the
actions the user holds the permission for. Contacts imports none of the apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowAction:
    key: str
    label: Any  # a lazy translation
    url: Callable[[int], str]  # the contact's id → where the action goes
    permission: str | tuple[str, ...]  # a tuple: any one of them
    post: bool = False  # a button that changes something (click-to-call) posts
    icon: str = ""


ROW_ACTIONS: list[RowAction] = []


def may_use(user: Any, action: RowAction) -> bool:
    wanted = (action.permission,) if isinstance(action.permission, str) else action.permission
    return any(user.has_perm(p) for p in wanted)


def register_row_action(action: RowAction) -> None:
    if all(a.key != action.key for a in ROW_ACTIONS):
        ROW_ACTIONS.append(action)
