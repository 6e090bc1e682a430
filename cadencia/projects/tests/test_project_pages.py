"""Projects, memberships and objects: pages and API by role (anonymous, without permission,
permitted, member of another project)."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cadencia.core.models import ChangeLogEntry
from cadencia.projects.models import Membership, Project
from cadencia.projects.testing import TwoProjects
from cadencia.resources.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

PROJECT_PERMS = [
    "view_project",
    "list_projects",
    "manage_project_access",
    "manage_projects",
    "view_changelogentry",
]


class World(TwoProjects):
    def __init__(self) -> None:
        super().__init__()
        manager = [p for p in Permission.objects.filter(codename__in=PROJECT_PERMS)]
        lister = list(Permission.objects.filter(codename="list_projects"))
        self.manager = self.add_user("manager", self.a, manager)
        self.foreign = self.add_user("foreign", self.b, manager)
        self.no_perm = self.add_user("noperm", self.a)
        self.lister = self.add_user("lister", self.a, lister)
        self.agent = self.add_user("agent", None)
        self.schedule_a = ScheduleFactory.create(projects=[self.a])


@pytest.fixture
def world() -> World:
    return World()


def _pages(project: Project) -> list[str]:
    return [
        reverse("projects:list"),
        reverse("projects:add"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:changelog", args=[project.pk]),
    ]


@pytest.mark.covers(
    "membership-list",
    "project-list",
    "projects:list",
    "projects:add",
    "projects:detail",
    "projects:edit",
    "projects:changelog",
)
def test_anonymous_is_sent_to_login(world: World) -> None:
    for url in [*_pages(world.a), reverse("projects:security")]:
        response = world.web_client(None).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    assert world.api_client(None).get(reverse("project-list")).status_code == 401
    assert world.api_client(None).get(reverse("membership-list")).status_code == 401


def test_without_permission_is_403(world: World) -> None:
    for url in [*_pages(world.a), reverse("projects:security")]:
        assert world.web_client(world.no_perm).get(url).status_code == 403, url
    for name in ("member_add", "object_add", "delete"):
        url = reverse(f"projects:{name}", args=[world.a.pk])
        assert world.web_client(world.no_perm).post(url, {}).status_code == 403, url
    api = world.api_client(world.no_perm)
    assert api.get(reverse("project-list")).status_code == 403
    response = api.post(reverse("project-list"), {"name": "X"}, content_type="application/json")
    assert response.status_code == 403


def test_list_projects_permission_shows_tiles_without_objects(world: World) -> None:
    client = world.web_client(world.lister)
    body = client.get(reverse("projects:list")).content.decode()
    assert "A" in body and "B" in body
    assert reverse("projects:detail", args=[world.b.pk]) not in body
    assert client.get(reverse("projects:detail", args=[world.b.pk])).status_code == 403


@pytest.mark.covers("projects:member_add", "projects:object_add")
def test_manager_creates_project_adds_user_and_object_with_change_log(world: World) -> None:
    client = world.web_client(world.manager)
    response = client.post(reverse("projects:add"), {"name": "C", "description": "new"})
    assert response.status_code == 302
    c = Project.objects.get(name="C")
    assert Membership.objects.filter(project=c, user=world.manager).exists()
    response = client.post(reverse("projects:member_add", args=[c.pk]), {"user": world.no_perm.pk})
    assert response.status_code == 302
    assert Membership.objects.filter(project=c, user=world.no_perm).exists()
    obj = f"resources.schedule:{world.schedule_a.pk}"
    assert client.post(reverse("projects:object_add", args=[c.pk]), {"obj": obj}).status_code == 302
    assert world.schedule_a.project_ids() == sorted([world.a.pk, c.pk])
    log = client.get(reverse("projects:changelog", args=[c.pk])).content.decode()
    assert "manager" in log
    actions = set(
        ChangeLogEntry.objects.filter(projects=c).values_list("content_type__model", flat=True)
    )
    assert {"project", "membership", "schedule"} <= actions


@pytest.mark.covers("projects:member_remove", "projects:object_remove")
def test_manager_removes_user_and_object(world: World) -> None:
    client = world.web_client(world.manager)
    world.schedule_a.projects.add(world.b)
    url = reverse(
        "projects:object_remove", args=[world.a.pk, "resources.schedule", world.schedule_a.pk]
    )
    assert client.post(url).status_code == 302
    assert world.schedule_a.project_ids() == [world.b.pk]
    url = reverse("projects:member_remove", args=[world.a.pk, world.no_perm.pk])
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(project=world.a, user=world.no_perm).exists()


def test_object_must_stay_in_one_project(world: World) -> None:
    url = reverse(
        "projects:object_remove", args=[world.a.pk, "resources.schedule", world.schedule_a.pk]
    )
    response = world.web_client(world.manager).post(url, follow=True)
    assert "An object must stay in at least one project." in response.content.decode()
    assert world.schedule_a.project_ids() == [world.a.pk]


@pytest.mark.covers("project-detail", "projects:delete")
def test_foreign_member_gets_404_and_cannot_touch_the_project(world: World) -> None:
    client = world.web_client(world.foreign)
    for url in _pages(world.a)[2:]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("projects:member_add", args=[world.a.pk]), {"user": world.foreign.pk}
        ).status_code
        == 404
    )
    assert client.post(reverse("projects:delete", args=[world.a.pk])).status_code == 404
    assert not Membership.objects.filter(project=world.a, user=world.foreign).exists()
    # Adding another project's object by id is refused like an unknown object.
    obj = f"resources.schedule:{world.schedule_a.pk}"
    response = client.post(reverse("projects:object_add", args=[world.b.pk]), {"obj": obj})
    assert response.status_code == 302
    assert world.schedule_a.project_ids() == [world.a.pk]
    api = world.api_client(world.foreign)
    assert [p["id"] for p in api.get(reverse("project-list")).json()["results"]] == [world.b.pk]
    assert api.get(reverse("project-detail", args=[world.a.pk])).status_code == 404
    response = api.post(
        reverse("membership-list"),
        {"project": world.a.pk, "user": world.foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "project" in response.json()


def test_project_with_objects_cannot_be_deleted(world: World) -> None:
    response = world.web_client(world.manager).post(
        reverse("projects:delete", args=[world.a.pk]), follow=True
    )
    assert "still holds objects" in response.content.decode()
    assert Project.objects.filter(pk=world.a.pk).exists()


@pytest.mark.parametrize("name", ["", "x" * 101])
def test_project_name_is_validated(world: World, name: str) -> None:
    response = world.web_client(world.manager).post(reverse("projects:add"), {"name": name})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


@pytest.mark.covers("membership-detail")
def test_api_projects_and_memberships(world: World) -> None:
    api = world.api_client(world.manager)
    response = api.post(reverse("project-list"), {"name": "D"}, content_type="application/json")
    assert response.status_code == 201
    d = Project.objects.get(name="D")
    entry = ChangeLogEntry.objects.get(content_type__model="project", object_pk=str(d.pk))
    assert entry.source == "api" and entry.actor == world.manager
    response = api.post(
        reverse("membership-list"),
        {"project": d.pk, "user": world.no_perm.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    membership = response.json()["id"]
    assert api.delete(reverse("membership-detail", args=[membership])).status_code == 204
    assert (
        api.patch(
            reverse("project-detail", args=[d.pk]),
            {"description": "x"},
            content_type="application/json",
        ).status_code
        == 200
    )


def _ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()["results"]]
