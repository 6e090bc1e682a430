import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from cadencia.core.changelog import ChangeSource, change_context, new_request_id
from cadencia.core.scoping import request_scope


class UserPreferencesMiddleware:
    """Apply the signed-in user's language and time zone to the request.

    Runs after LocaleMiddleware (which reads the cookie or the browser) so a saved preference
    wins, and writes the language cookie so the login page keeps it after sign-out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        language = getattr(user, "language", "") if user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(getattr(user, "time_zone", settings.TIME_ZONE)))
        else:
            timezone.deactivate()
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class ProjectScopeMiddleware:
    """Activate the signed-in user's project scope and the change-log context for the request.

    The single place where HTTP requests get a scope: views never choose their own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or new_request_id()
        with (
            request_scope(request),
            change_context(
                source=ChangeSource.WEB,
                request=request,
                request_id=request_id,
                remote_addr=request.META.get("REMOTE_ADDR"),
            ),
        ):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
