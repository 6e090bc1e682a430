"""The audit follows the console: every management disposition opens an item."""

from typing import Any

from django.dispatch import receiver

from cadencia.audits.services import item_open
from cadencia.console.signals import disposition_saved


@receiver(disposition_saved, dispatch_uid="audits.item_open")
def _open_item(sender: Any, disposition: Any, **kwargs: Any) -> None:
    item_open(disposition)
