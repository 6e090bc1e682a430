import re

import pytest
from django.test import Client

from cadencia.accounts.demo import DEMO_USERS

pytestmark = pytest.mark.django_db

CRM = ["tickets", "actions", "calendar", "history", "contact_search", "companies"]
EXPECTED_MENU = {
    "admin": [
        "home", "console", "supervision", "audit", *CRM, "campaigns", "contacts",
        "action_types", "crm_settings", "telephony", "schedules", "templates", "users",
        "groups", "roles", "changelog", "security", "admin",
    ],
    "manager": [
        "home", "supervision", "audit", *CRM, "campaigns", "contacts", "action_types",
        "crm_settings", "telephony", "schedules", "templates", "users", "groups", "roles",
        "changelog",
    ],
    "supervisor": [
        "home", "supervision", *CRM, "campaigns", "contacts", "schedules", "templates",
        "users", "groups", "changelog",
    ],
    "auditor": ["home", "audit", "campaigns"],
    "agent": ["home", "console", "tickets", "actions", "calendar", "history", "companies"],
}  # fmt: skip
MENU_PAGES = {
    "actions": "/crm/actions/",
    "calendar": "/crm/calendar/",
    "history": "/crm/history/",
    "contact_search": "/contacts/contacts/",
    "console": "/console/",
    "supervision": "/console/supervision/",
    "audit": "/audits/",
    "tickets": "/crm/tickets/",
    "companies": "/contacts/companies/",
    "action_types": "/crm/action-types/",
    "crm_settings": "/crm/settings/",
    "contacts": "/contacts/databases/",
    "campaigns": "/campaigns/campaigns/",
    "telephony": "/telephony/routes/",
    "schedules": "/resources/schedules/",
    "templates": "/resources/templates/",
    "users": "/accounts/users/",
    "groups": "/projects/groups/",
    "roles": "/accounts/roles/",
    "changelog": "/changelog/",
    "security": "/projects/security/",
    "admin": "/admin/",
}


def _menu_keys(html: str) -> list[str]:
    return re.findall(r'data-nav="([a-z_]+)"', html)


def test_every_demo_role_has_an_expected_menu() -> None:
    assert set(EXPECTED_MENU) == {demo.username for demo in DEMO_USERS}


@pytest.mark.covers("site:home")
@pytest.mark.parametrize("username", list(EXPECTED_MENU))
def test_menu_shows_only_what_the_role_can_open(
    client: Client, demo_users: dict[str, object], username: str
) -> None:
    client.force_login(demo_users[username])  # type: ignore[arg-type]
    home = client.get("/?overview")
    assert home.status_code == 200
    assert _menu_keys(home.content.decode()) == EXPECTED_MENU[username]
    for key, url in MENU_PAGES.items():
        status = client.get(url).status_code
        if key in EXPECTED_MENU[username]:
            assert status == 200, (username, url)
        else:
            assert status in (302, 403), (username, url, status)


def test_home_lists_the_users_projects_in_enhanced_mode(
    client: Client, demo_users: dict[str, object]
) -> None:
    from cadencia.projects.models import Membership
    from cadencia.projects.services import membership_add, project_create, security_mode_set

    security_mode_set(mode="enhanced")
    sales = project_create(name="Sales")
    membership_add(project=sales, user=demo_users["agent"])  # type: ignore[arg-type]
    Membership.objects.filter(user=demo_users["auditor"]).delete()  # type: ignore[misc]
    client.force_login(demo_users["agent"])  # type: ignore[arg-type]
    body = client.get("/?overview").content.decode()
    assert "Sales" in body and "Default" in body
    client.force_login(demo_users["auditor"])  # type: ignore[arg-type]
    assert "You do not belong to any project yet." in client.get("/?overview").content.decode()


def test_home_hides_projects_in_simplified_mode(
    client: Client, demo_users: dict[str, object]
) -> None:
    client.force_login(demo_users["agent"])  # type: ignore[arg-type]
    assert "My projects" not in client.get("/?overview").content.decode()


@pytest.mark.covers("site:home")
@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("agent", "/console/"),
        ("supervisor", "/console/supervision/"),
        ("auditor", "/audits/"),
        ("manager", None),
    ],
)
def test_each_role_lands_on_its_work(
    client: Client, demo_users: dict[str, object], username: str, landing: str | None
) -> None:
    client.force_login(demo_users[username])  # type: ignore[arg-type]
    response = client.get("/")
    if landing is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"] == landing
