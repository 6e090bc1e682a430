"""The main menu. Each entry names the permission it needs; the menu shows a user only what
they can open. Apps add entries here as their pages land."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str | None = None
    staff_only: bool = False

    def allowed(self, user: User) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        return self.permission is None or user.has_perm(self.permission)


MAIN_MENU: tuple[NavItem, ...] = (
    NavItem("home", _("Home"), "core:home"),
    NavItem("users", _("Users"), "accounts:user_list", permission="accounts.view_user"),
    NavItem("roles", _("Roles"), "accounts:role_list", permission="accounts.view_role"),
    NavItem("admin", _("Administration"), "admin:index", staff_only=True),
)


def menu_for(user: User, current_path: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for item in MAIN_MENU:
        if not item.allowed(user):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"key": item.key, "label": item.label, "url": url, "active": active})
    return items
