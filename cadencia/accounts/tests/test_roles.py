from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from cadencia.accounts.backends import RoleBackend
from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.models import Role
from cadencia.accounts.roles import DEFAULT_PERMISSIONS
from cadencia.accounts.services import role_sync_builtin
from cadencia.accounts.tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_builtin_roles_exist_after_migrate_and_admin_has_everything() -> None:
    assert set(Role.objects.values_list("builtin", flat=True)) >= set(BuiltinRole.values)
    admin = Role.objects.get(builtin=BuiltinRole.ADMINISTRATOR)
    assert admin.permissions.count() == Permission.objects.count()
    agent = Role.objects.get(builtin=BuiltinRole.AGENT)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in agent.permissions.all()}
    assert granted == set(DEFAULT_PERMISSIONS[BuiltinRole.AGENT])
    assert "crm.add_ticket" in granted and "crm.delete_ticket" not in granted


def test_sync_keeps_edits_to_non_admin_builtin_roles() -> None:
    supervisor = Role.objects.get(builtin=BuiltinRole.SUPERVISOR)
    supervisor.permissions.clear()
    role_sync_builtin()
    assert supervisor.permissions.count() == 0
    assert Role.objects.filter(builtin=BuiltinRole.SUPERVISOR).count() == 1


@pytest.mark.covers("accounts:user_list")
def test_role_permissions_apply_on_next_request(client: Client) -> None:
    role = RoleFactory.create()
    user = UserFactory.create(role=role)
    client.force_login(user)
    assert client.get("/accounts/users/").status_code == 403
    role.permissions.add(Permission.objects.get(codename="view_user"))
    assert client.get("/accounts/users/").status_code == 200
    role.permissions.clear()
    assert client.get("/accounts/users/").status_code == 403


def test_user_without_role_has_no_permissions() -> None:
    user = UserFactory.create(role=None)
    assert not user.has_perm("accounts.view_user")
    assert user.get_all_permissions() == set()


def test_user_list_queries_do_not_grow_with_rows(
    client: Client, django_assert_max_num_queries
) -> None:
    viewer = UserFactory.create(role=Role.objects.get(builtin=BuiltinRole.MANAGER))
    client.force_login(viewer)
    client.get("/accounts/users/")  # warm-up: session and permission caches
    UserFactory.create_batch(3)
    with django_assert_max_num_queries(15) as few:
        client.get("/accounts/users/")
    UserFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/users/")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 34


def test_role_list_queries_do_not_grow_with_roles(
    client: Client, django_assert_max_num_queries
) -> None:
    viewer = UserFactory.create(role=Role.objects.get(builtin=BuiltinRole.ADMINISTRATOR))
    client.force_login(viewer)
    with django_assert_max_num_queries(15) as few:
        client.get("/accounts/roles/")
    RoleFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/roles/")
    assert "Administrator" in response.content.decode()


def test_a_user_has_their_roles_and_their_own_permissions_read_at_once(
    django_assert_num_queries: Any,
) -> None:
    role = RoleFactory.create()
    role.permissions.add(Permission.objects.get(codename="view_user"))
    user = UserFactory.create(role=role)
    user.user_permissions.add(Permission.objects.get(codename="view_role"))
    backend = RoleBackend()
    loaded = backend.get_user(user.pk)
    with django_assert_num_queries(1):
        assert loaded.get_all_permissions() == {"accounts.view_user", "accounts.view_role"}
        assert loaded.has_perm("accounts.view_role") and not loaded.has_perm("accounts.add_user")
        assert str(loaded.role) == str(role)  # came with the user
    user.is_active = False
    assert backend.get_all_permissions(user) == set()
    nobody = UserFactory.create()
    assert backend.get_all_permissions(backend.get_user(nobody.pk)) == set()
    boss = UserFactory.create(is_superuser=True)
    assert len(backend.get_all_permissions(boss)) == Permission.objects.count()
    assert backend.get_user(10**9) is None
