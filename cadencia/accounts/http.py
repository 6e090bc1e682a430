from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cadencia.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in user, typed; views behind login_required use it instead of request.user."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
