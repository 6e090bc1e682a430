"""REST API building blocks shared by every app's ``api/views.py``."""

import zoneinfo
from typing import Any, NoReturn

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.request import Request

from cadencia.core.changelog import ChangeSource


class ApiViewMixin:
    """Marks the request's change-log source as the API.

    The scope and the actor need nothing here: the middleware's request scope and change context
    read ``request.user`` when they are used, after DRF has authenticated the request.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        request._request.change_source = ChangeSource.API  # type: ignore[attr-defined]
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # A token's user is known only now (the middleware saw an anonymous request): dates
        # in filters ("until=2026-03-09") are days in the user's time zone, as on the pages.
        zone = getattr(request.user, "time_zone", "")
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))


class ScopedModelViewSet(ApiViewMixin, viewsets.ModelViewSet):
    pass


class ScopedReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    pass


def raise_service_error(exc: DjangoValidationError) -> NoReturn:
    """A service's ValidationError as the API's 400: keyed by field when it names fields."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    raise serializers.ValidationError(detail) from exc
