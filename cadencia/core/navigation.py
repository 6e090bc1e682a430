"""The main menu. Each entry names the permissions it needs (any of them); the menu shows a user
only what they can open. Apps add entries here as their pages land."""

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
    permissions: tuple[str, ...] = ()
    staff_only: bool = False
    enhanced_only: bool = False

    def allowed(self, user: User, enhanced: bool) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        if self.enhanced_only and not enhanced:
            return False
        return not self.permissions or any(user.has_perm(p) for p in self.permissions)


MAIN_MENU: tuple[NavItem, ...] = (
    NavItem("home", _("Home"), "core:home"),
    NavItem(
        "projects",
        _("Projects"),
        "projects:list",
        ("projects.view_project", "projects.list_projects"),
        enhanced_only=True,
    ),
    NavItem(
        "contacts",
        _("Contacts"),
        "contacts:database_list",
        ("contacts.view_contactdatabase",),
    ),
    NavItem("schedules", _("Schedules"), "resources:schedule_list", ("resources.view_schedule",)),
    NavItem(
        "templates",
        _("Notification templates"),
        "resources:template_list",
        ("resources.view_notificationtemplate",),
    ),
    NavItem("users", _("Users"), "accounts:user_list", ("accounts.view_user",)),
    NavItem("roles", _("Roles"), "accounts:role_list", ("accounts.view_role",)),
    NavItem("changelog", _("Change log"), "core:changelog", ("core.view_changelogentry",)),
    NavItem("security", _("Security"), "projects:security", ("projects.change_securitysettings",)),
    NavItem("admin", _("Administration"), "admin:index", staff_only=True),
)


def menu_for(user: User, current_path: str, enhanced: bool) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for item in MAIN_MENU:
        if not item.allowed(user, enhanced):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"key": item.key, "label": item.label, "url": url, "active": active})
    return items
