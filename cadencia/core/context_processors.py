from typing import Any

from django.http import HttpRequest

from cadencia.accounts.models import User
from cadencia.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    from cadencia.projects.services import security_settings_get

    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"main_menu": []}
    security = security_settings_get()
    return {"main_menu": menu_for(user, request.path, security.enhanced), "security": security}
