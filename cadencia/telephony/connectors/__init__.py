"""The connector in use and the sink its reports go to, both named by settings."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from cadencia.telephony.connectors.base import Connector, EventSink


@cache
def _load(path: str) -> object:
    return import_string(path)()


def connector() -> Connector:
    found = _load(settings.TELEPHONY_CONNECTOR)
    if not isinstance(found, Connector):
        raise TypeError(f"{settings.TELEPHONY_CONNECTOR} is not a telephony Connector")
    return found


def sink() -> EventSink:
    return _load(settings.TELEPHONY_EVENT_SINK)  # type: ignore[return-value]


def reset() -> None:
    """Forget the loaded connector and sink (tests that change the settings)."""
    _load.cache_clear()
