"""Signals for apps above the console (the audit opens an item for each management).

Sent inside the saving transaction, so a receiver's writes commit or roll back with it."""

from django.dispatch import Signal

# Sent with ``disposition`` (a new, current ``Disposition``) when an agent records one.
disposition_saved = Signal()
