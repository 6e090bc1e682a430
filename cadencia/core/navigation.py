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
    group: str | Promise = ""  # entries of one group share a drop-down

    def allowed(self, user: Any, enhanced: bool) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        if self.enhanced_only and not enhanced:
            return False
        return not self.permissions or any(user.has_perm(p) for p in self.permissions)


def menu_for(
    items: tuple[NavItem, ...], user: Any, current_path: str, enhanced: bool
) -> list[dict[str, object]]:
    """The entries a user may open; those of a group come as one entry with ``children`` (a
    drop-down), unless the user may open only one of them."""
    entries: list[dict[str, object]] = []
    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        if not item.allowed(user, enhanced):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        entry: dict[str, object] = {
            "key": item.key,
            "label": item.label,
            "url": url,
            "active": active,
        }
        if not item.group:
            entries.append(entry)
            continue
        name = str(item.group)
        if name not in groups:
            groups[name] = {"key": f"group-{len(groups)}", "label": item.group, "children": []}
            entries.append(groups[name])
        groups[name]["children"].append(entry)
    for group in groups.values():
        group["active"] = any(e["active"] for e in group["children"])
    return [_single(e) for e in entries]


def _single(entry: dict[str, Any]) -> dict[str, Any]:
    items = entry.get("children")
    return items[0] if items is not None and len(items) == 1 else entry
