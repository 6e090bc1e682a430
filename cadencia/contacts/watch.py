"""What a browser may watch over the event socket: an import's status and progress (progress
changes too often to be stored as events; it lives in the shared cache)."""

from collections.abc import Callable
from typing import Any

from cadencia.contacts.models import ContactImport
from cadencia.contacts.progress import progress_get


def _state(import_id: int) -> dict[str, Any] | None:
    contact_import = ContactImport.objects.filter(pk=import_id).first()  # scoped
    if contact_import is None:
        return None
    return {"status": contact_import.status, "progress": progress_get(contact_import.token)}


def contact_import_watch(user: Any, import_id: int) -> Callable[[], dict[str, Any] | None] | None:
    if not user.has_perm("contacts.view_contact") or _state(import_id) is None:
        return None
    return lambda: _state(import_id)
