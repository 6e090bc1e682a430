"""Generated permission tests for project-owned models.

``owned_model_tests(spec)`` returns a pytest test class that checks, for every page and API
endpoint of the model: anonymous → login redirect / 401; signed in without the permission → 403;
permitted member → works and writes a change-log entry; member of another project only → 404 on
detail, absent from lists, cannot create in or move to a foreign project (form or API id).
``SPECS`` collects the specs so the meta-test can prove every project-owned model is covered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse
from factory.django import DjangoModelFactory
from rest_framework.authtoken.models import Token

from cadencia.accounts.models import User
from cadencia.core.models import ChangeLogEntry
from cadencia.projects.models import Membership, Project
from cadencia.projects.ownership import SingleProjectModel
from cadencia.projects.services import security_mode_set


class MultiProjectFactory(DjangoModelFactory[Any]):
    """``projects=[...]`` is required: a project-owned object always lives in a project."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def projects(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.projects.set(extracted)


WEB_PAGES = ("list", "add", "detail", "edit", "delete", "changelog")


@dataclass(frozen=True)
class OwnedModelSpec:
    model: type[models.Model]
    factory: Any
    url_prefix: str  # "resources:schedule" → resources:schedule_list, ..._detail, ...
    api_basename: str  # router basename → "<basename>-list", "<basename>-detail"
    form_data: Callable[[list[Project]], dict[str, Any]]
    api_data: Callable[[list[Project]], dict[str, Any]]
    changed_field: str = "name"
    # Single-project models: makes another record rely on the object (its project is then fixed).
    make_dependant: Callable[[Any], None] | None = None

    @property
    def single(self) -> bool:
        return issubclass(self.model, SingleProjectModel)

    @property
    def projects_field(self) -> str:
        return "project" if self.single else "projects"

    def create(self, project: Project) -> Any:
        if self.single:
            return self.factory.create(project=project)
        return self.factory.create(projects=[project])


SPECS: dict[type[models.Model], OwnedModelSpec] = {}


TEST_PASSWORD = "x-Test-pass-1"


def permissions_named(*labels: str) -> list[Permission]:
    """Permissions from "app_label.codename" labels."""
    found = []
    for label in labels:
        app_label, codename = label.split(".", 1)
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


class TwoProjects:
    """The shared isolation setting: enhanced security with projects A and B, built on the
    factories. Tests add the users they need with ``add_user(name, project, permissions)``."""

    def __init__(self) -> None:
        from cadencia.projects.tests.factories import ProjectFactory

        security_mode_set(mode="enhanced")
        self.a = ProjectFactory.create(name="A")
        self.b = ProjectFactory.create(name="B")

    @staticmethod
    def add_user(
        name: str, project: Project | None, permissions: Iterable[Permission] = ()
    ) -> User:
        from cadencia.accounts.tests.factories import RoleFactory, UserFactory

        role = RoleFactory.create(name=f"role of {name}")
        role.permissions.set(list(permissions))
        user = UserFactory.create(username=name, role=role, password=TEST_PASSWORD)
        if project is not None:
            Membership.objects.create(user=user, project=project)
        return user

    @staticmethod
    def web_client(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    @staticmethod
    def api_client(user: User | None) -> Client:
        if user is None:
            return Client()
        token, _created = Token.objects.get_or_create(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


class World(TwoProjects):
    """Two projects, A and B; a permitted member of A, an unpermitted member of A, a fully
    permitted member of B only; one object in A and one in B."""

    def __init__(self, spec: OwnedModelSpec) -> None:
        super().__init__()
        self.spec = spec
        content_type = ContentType.objects.get_for_model(spec.model)
        full = [*Permission.objects.filter(content_type=content_type)]
        full += permissions_named("core.view_changelogentry")
        self.member = self.add_user("member", self.a, full)
        self.no_perm = self.add_user("noperm", self.a)
        self.foreign = self.add_user("foreign", self.b, full)
        self.obj_a = spec.create(self.a)
        self.obj_b = spec.create(self.b)

    def url(self, page: str, obj: Any = None) -> str:
        name = f"{self.spec.url_prefix}_{page}"
        return reverse(name) if page in ("list", "add") else reverse(name, args=[obj.pk])

    def api_url(self, obj: Any = None) -> str:
        if obj is None:
            return reverse(f"{self.spec.api_basename}-list")
        return reverse(f"{self.spec.api_basename}-detail", args=[obj.pk])

    def entries(self, obj: Any) -> Any:
        content_type = ContentType.objects.get_for_model(self.spec.model)
        return ChangeLogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))


def owned_model_tests(spec: OwnedModelSpec) -> type:
    SPECS[spec.model] = spec

    @pytest.mark.django_db
    class GeneratedPermissionTests:
        @pytest.fixture
        def world(self) -> World:
            return World(spec)

        # anonymous
        @pytest.mark.parametrize("page", WEB_PAGES)
        def test_anonymous_web_redirects_to_login(self, world: World, page: str) -> None:
            response = world.web_client(None).get(world.url(page, world.obj_a))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))

        def test_anonymous_api_is_401(self, world: World) -> None:
            assert world.api_client(None).get(world.api_url()).status_code == 401
            assert world.api_client(None).get(world.api_url(world.obj_a)).status_code == 401

        # signed in without the permission
        @pytest.mark.parametrize("page", WEB_PAGES)
        def test_without_permission_web_is_403(self, world: World, page: str) -> None:
            response = world.web_client(world.no_perm).get(world.url(page, world.obj_a))
            assert response.status_code == 403

        def test_without_permission_api_is_403(self, world: World) -> None:
            api = world.api_client(world.no_perm)
            assert api.get(world.api_url()).status_code == 403
            assert api.get(world.api_url(world.obj_a)).status_code == 403
            response = api.post(
                world.api_url(), spec.api_data([world.a]), content_type="application/json"
            )
            assert response.status_code == 403

        # permitted member
        def test_member_lists_and_opens_own_objects(self, world: World) -> None:
            client = world.web_client(world.member)
            listing = client.get(world.url("list")).content.decode()
            assert str(world.obj_a) in listing
            for page in ("detail", "edit", "delete", "changelog"):
                assert client.get(world.url(page, world.obj_a)).status_code == 200, page

        def test_member_creates_edits_deletes_on_web_with_change_log(self, world: World) -> None:
            client = world.web_client(world.member)
            data = spec.form_data([world.a])
            response = client.post(world.url("add"), data)
            assert response.status_code == 302, response.content.decode()[:2000]
            created: Any = spec.model._default_manager.exclude(
                pk__in=[world.obj_a.pk, world.obj_b.pk]
            ).get()
            assert created.project_ids() == [world.a.pk]
            entry = world.entries(created).get(action=ChangeLogEntry.Action.CREATE)
            assert entry.actor == world.member and entry.source == "web" and entry.cid
            assert list(entry.projects.all()) == [world.a]

            data[spec.changed_field] = "Renamed by member"
            assert client.post(world.url("edit", created), data).status_code == 302
            update = world.entries(created).filter(action=ChangeLogEntry.Action.UPDATE).first()
            assert update is not None
            assert update.changes_dict[spec.changed_field][1] == "Renamed by member"

            assert client.post(world.url("delete", created)).status_code == 302
            assert not spec.model._default_manager.filter(pk=created.pk).exists()
            deleted = world.entries(created).get(action=ChangeLogEntry.Action.DELETE)
            assert list(deleted.projects.all()) == [world.a]

        def test_member_crud_over_api_with_change_log(self, world: World) -> None:
            api = world.api_client(world.member)
            listing = api.get(world.api_url()).json()["results"]
            assert [item["id"] for item in listing] == [world.obj_a.pk]
            response = api.post(
                world.api_url(), spec.api_data([world.a]), content_type="application/json"
            )
            assert response.status_code == 201, response.content
            created = spec.model._default_manager.get(pk=response.json()["id"])
            entry = world.entries(created).get(action=ChangeLogEntry.Action.CREATE)
            assert entry.source == "api" and entry.actor == world.member
            response = api.patch(
                world.api_url(created),
                {spec.changed_field: "Patched"},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            assert world.entries(created).filter(action=ChangeLogEntry.Action.UPDATE).exists()
            assert api.delete(world.api_url(created)).status_code == 204
            assert world.entries(created).filter(action=ChangeLogEntry.Action.DELETE).exists()

        # member of another project only
        @pytest.mark.parametrize("page", ["detail", "edit", "delete", "changelog"])
        def test_foreign_member_gets_404(self, world: World, page: str) -> None:
            response = world.web_client(world.foreign).get(world.url(page, world.obj_a))
            assert response.status_code == 404
            response = world.web_client(world.foreign).post(world.url(page, world.obj_a), {})
            assert response.status_code in (404, 405)
            assert spec.model._default_manager.filter(pk=world.obj_a.pk).exists()

        def test_foreign_member_does_not_see_it_in_lists(self, world: World) -> None:
            listing = world.web_client(world.foreign).get(world.url("list")).content.decode()
            assert str(world.obj_a) not in listing and str(world.obj_b) in listing
            api = world.api_client(world.foreign)
            ids = [item["id"] for item in api.get(world.api_url()).json()["results"]]
            assert ids == [world.obj_b.pk]
            assert api.get(world.api_url(world.obj_a)).status_code == 404
            assert api.delete(world.api_url(world.obj_a)).status_code == 404

        def test_foreign_member_cannot_create_in_a_foreign_project(self, world: World) -> None:
            before = spec.model._default_manager.count()
            response = world.web_client(world.foreign).post(
                world.url("add"), spec.form_data([world.a])
            )
            assert response.status_code == 400
            assert spec.projects_field in response.context["form"].errors
            response = world.api_client(world.foreign).post(
                world.api_url(), spec.api_data([world.a]), content_type="application/json"
            )
            assert response.status_code == 400
            assert spec.projects_field in response.json()
            assert spec.model._default_manager.count() == before

        def test_foreign_member_cannot_move_own_object_to_a_foreign_project(
            self, world: World
        ) -> None:
            value: Any = world.a.pk if spec.single else [world.a.pk]
            response = world.api_client(world.foreign).patch(
                world.api_url(world.obj_b),
                {spec.projects_field: value},
                content_type="application/json",
            )
            assert response.status_code == 400
            world.obj_b.refresh_from_db()
            assert world.obj_b.project_ids() == [world.b.pk]

        def test_editing_keeps_projects_the_editor_cannot_see(self, world: World) -> None:
            if spec.single:
                pytest.skip("a single-project object has one project, the editor's")
            world.obj_a.projects.add(world.b)
            data = spec.form_data([world.a])
            response = world.web_client(world.member).post(world.url("edit", world.obj_a), data)
            assert response.status_code == 302
            assert world.obj_a.project_ids() == sorted([world.a.pk, world.b.pk])

        def test_single_project_moves_only_while_nothing_relies_on_it(self, world: World) -> None:
            if not spec.single:
                pytest.skip("multi-project objects are added to and removed from projects")
            world.add_user("both", world.b)
            Membership.objects.create(user=world.member, project=world.b)
            api = world.api_client(world.member)
            response = api.patch(
                world.api_url(world.obj_a), {"project": world.b.pk}, content_type="application/json"
            )
            assert response.status_code == 200, response.content
            world.obj_a.refresh_from_db()
            assert world.obj_a.project_ids() == [world.b.pk]
            moved = world.entries(world.obj_a).filter(action=ChangeLogEntry.Action.UPDATE).first()
            assert moved is not None
            assert {p.pk for p in moved.projects.all()} == {world.a.pk, world.b.pk}
            if spec.make_dependant is None:
                return
            spec.make_dependant(world.obj_a)
            response = api.patch(
                world.api_url(world.obj_a), {"project": world.a.pk}, content_type="application/json"
            )
            assert response.status_code == 400 and "project" in response.json()
            form = (
                world.web_client(world.member).get(world.url("edit", world.obj_a)).context["form"]
            )
            assert form.fields["project"].disabled
            world.obj_a.refresh_from_db()
            assert world.obj_a.project_ids() == [world.b.pk]

    GeneratedPermissionTests.__name__ = f"Test{spec.model.__name__}Permissions"
    GeneratedPermissionTests.__qualname__ = GeneratedPermissionTests.__name__
    return GeneratedPermissionTests
