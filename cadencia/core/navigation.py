"""Menu entries that show a user only what they can open. The site composes its menu
(``cadencia/site/menu.py``) from these; each entry names the permissions it needs (any of them)."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permissions: tuple[str, ...] = ()
    staff_only: bool = False
    enhanced_only: bool = False

    def allowed(self, user: Any, enhanced: bool) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        if self.enhanced_only and not enhanced:
            return False
        return not self.permissions or any(user.has_perm(p) for p in self.permissions)


def menu_for(
    items: tuple[NavItem, ...], user: Any, current_path: str, enhanced: bool
) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for item in items:
        if not item.allowed(user, enhanced):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        entries.append({"key": item.key, "label": item.label, "url": url, "active": active})
    return entries
