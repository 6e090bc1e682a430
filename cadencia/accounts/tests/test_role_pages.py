import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.models import Role
from cadencia.core.models import ChangeLogEntry

pytestmark = pytest.mark.django_db


def _api(user: object) -> Client:
    token = Token.objects.create(user=user)  # type: ignore[misc]
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.mark.covers("accounts:role_add")
def test_admin_creates_custom_role_on_web_with_change_log(demo_users: dict[str, object]) -> None:
    client = Client()
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    perm = Permission.objects.get(codename="view_schedule")
    response = client.post(
        reverse("accounts:role_add"),
        {"name": "Quality lead", "description": "", "permissions": [perm.pk]},
    )
    assert response.status_code == 302
    role = Role.objects.get(name="Quality lead")
    assert list(role.permissions.all()) == [perm]
    entries = ChangeLogEntry.objects.filter(content_type__model="role", object_pk=str(role.pk))
    assert entries.filter(action=0, actor=demo_users["admin"]).exists()


@pytest.mark.covers("accounts:role_edit")
def test_builtin_role_is_editable_and_applies_next_request(demo_users: dict[str, object]) -> None:
    admin, agent = Client(), Client()
    admin.force_login(demo_users["admin"])  # type: ignore[arg-type]
    agent.force_login(demo_users["agent"])  # type: ignore[arg-type]
    assert agent.get(reverse("resources:schedule_list")).status_code == 403
    role = Role.objects.get(builtin=BuiltinRole.AGENT)
    perm = Permission.objects.get(codename="view_schedule")
    response = admin.post(
        reverse("accounts:role_edit", args=[role.pk]),
        {"name": role.name, "description": "", "permissions": [perm.pk]},
    )
    assert response.status_code == 302
    assert agent.get(reverse("resources:schedule_list")).status_code == 200


@pytest.mark.covers("accounts:role_list")
def test_role_pages_need_permissions(demo_users: dict[str, object]) -> None:
    agent = Client()
    agent.force_login(demo_users["agent"])  # type: ignore[arg-type]
    role = Role.objects.get(builtin=BuiltinRole.AGENT)
    assert agent.get(reverse("accounts:role_add")).status_code == 403
    assert agent.get(reverse("accounts:role_edit", args=[role.pk])).status_code == 403
    assert agent.get(reverse("accounts:role_list")).status_code == 403
    assert Client().get(reverse("accounts:role_add")).status_code == 302


@pytest.mark.parametrize("name", ["", "x" * 101])
def test_role_name_is_validated(demo_users: dict[str, object], name: str) -> None:
    client = Client()
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    response = client.post(reverse("accounts:role_add"), {"name": name, "permissions": []})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


@pytest.mark.covers("role-detail", "role-list")
def test_roles_api(demo_users: dict[str, object]) -> None:
    api = _api(demo_users["admin"])
    response = api.post(
        "/api/v1/roles/",
        {"name": "Night shift", "permissions": ["resources.view_schedule"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    role_id = response.json()["id"]
    assert response.json()["permissions"] == ["resources.view_schedule"]
    response = api.patch(
        f"/api/v1/roles/{role_id}/",
        {"permissions": ["nope.nothing"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert api.delete(f"/api/v1/roles/{role_id}/").status_code == 204
    builtin = Role.objects.get(builtin=BuiltinRole.AGENT)
    response = api.delete(f"/api/v1/roles/{builtin.pk}/")
    assert response.status_code == 400
    assert _api(demo_users["agent"]).get("/api/v1/roles/").status_code == 403
    assert Client().get("/api/v1/roles/").status_code == 401


def test_a_default_added_later_reaches_existing_builtin_roles_once(db: None) -> None:
    from cadencia.accounts import roles
    from cadencia.accounts.services import role_sync_builtin

    role_sync_builtin()
    manager = Role.objects.get(builtin="manager")
    assert manager.permissions.filter(codename="add_usergroup").exists()
    # An administrator takes a default away: the next sync does not give it back.
    manager.permissions.remove(*manager.permissions.filter(codename="add_usergroup"))
    role_sync_builtin()
    assert not manager.permissions.filter(codename="add_usergroup").exists()
    # A release adds a new default: existing roles get it on the next sync.
    added = "projects.manage_projects"
    supervisor = Role.objects.get(builtin="supervisor")
    assert not supervisor.permissions.filter(codename="manage_projects").exists()
    original = roles.DEFAULT_PERMISSIONS["supervisor"]
    roles.DEFAULT_PERMISSIONS["supervisor"] = [*original, added]
    try:
        role_sync_builtin()
    finally:
        roles.DEFAULT_PERMISSIONS["supervisor"] = original
    assert supervisor.permissions.filter(codename="manage_projects").exists()
    supervisor.refresh_from_db()
    assert added in supervisor.defaults_granted
