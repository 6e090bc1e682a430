from typing import Any

from django.http import HttpRequest

from cadencia.accounts.models import User
from cadencia.core.navigation import menu_for
from cadencia.projects.services import security_settings_get
from cadencia.site.menu import MAIN_MENU


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"main_menu": []}
    security = security_settings_get()
    return {
        "main_menu": menu_for(MAIN_MENU, user, request.path, security.enhanced),
        "security": security,
    }
