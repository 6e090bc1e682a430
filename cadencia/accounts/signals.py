"""Signals accounts sends for the apps above it (accounts does not know about projects)."""

from django.dispatch import Signal

# Sent inside the creating transaction with ``user``; projects puts the user in the implicit
# project of simplified security.
user_created = Signal()
