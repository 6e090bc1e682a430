"""One way to declare a view: every route is a class; pages derive from core's PageView."""

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from cadencia.core.pages import PageView

# Views that are not PageViews, with the reason (all of them are classes too).
NOT_PAGES = {
    "LoginView": "the sign-in page itself",
    "LogoutView": "Django's sign-out",
    "PasswordChangeView": "Django's password form (login_required by Django)",
    "LanguageSet": "switches the language before signing in",
    "HealthView": "health probe for load balancers",
    "SpectacularAPIView": "OpenAPI description, no data",
    "SpectacularSwaggerSplitView": "interactive docs page, no data",
    "Webhook": "the SMS provider's calls, refused without its signature",
    "Feed": "a calendar app's read: the secret in its address is the credential",
}


def _patterns() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns)
            else:
                found.append(pattern)

    walk(get_resolver().url_patterns)
    return found


def test_every_route_is_a_class_based_view() -> None:
    offenders = []
    for pattern in _patterns():
        view_class = getattr(pattern.callback, "view_class", None) or getattr(
            pattern.callback, "cls", None
        )
        if view_class is None:
            offenders.append(f"{pattern.pattern} is a function")
        elif not issubclass(view_class, PageView | APIView) and (
            view_class.__name__ not in NOT_PAGES
        ):
            offenders.append(f"{pattern.pattern} ({view_class.__name__}) is not a PageView")
    assert not offenders, offenders
