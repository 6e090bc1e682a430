"""Project user groups: a team put into or taken out of a project at once, in UI and API."""

from typing import Any

import pytest
from django.urls import reverse

from cadencia.core.models import ChangeLogEntry
from cadencia.core.scoping import scopes_disabled
from cadencia.projects import services
from cadencia.projects.models import Membership, Project, UserGroup
from cadencia.projects.testing import (
    OwnedModelSpec,
    TwoProjects,
    owned_model_tests,
    permissions_named,
)
from cadencia.projects.tests.factories import UserGroupFactory


def group_form(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Night shift", "description": "", "projects": [p.pk for p in projects]}


def group_api(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Weekend team", "projects": [p.pk for p in projects]}


TestUserGroupPermissions = owned_model_tests(
    OwnedModelSpec(
        model=UserGroup,
        factory=UserGroupFactory,
        url_prefix="projects:group",
        api_basename="usergroup",
        form_data=group_form,
        api_data=group_api,
    )
)

MANAGER = (
    "projects.view_project",
    "projects.manage_project_access",
    *[f"projects.{a}_usergroup" for a in ("view", "add", "change", "delete")],
    "accounts.view_user",
)


class Teams(TwoProjects):
    """Manager of A and C; agents in A and B; a new project C to staff."""

    def __init__(self) -> None:
        super().__init__()
        self.c = Project.objects.create(name="C")
        self.manager = self.add_user("manager", self.a, permissions_named(*MANAGER))
        Membership.objects.create(user=self.manager, project=self.c)
        self.ana = self.add_user("ana", self.a)
        self.alex = self.add_user("alex", self.a)
        self.bea = self.add_user("bea", self.b)  # invisible to the manager
        with scopes_disabled():
            self.group = UserGroupFactory.create(
                name="Sales", projects=[self.a, self.b], members=[self.ana, self.alex, self.bea]
            )


@pytest.fixture
def teams(db: None) -> Teams:
    return Teams()


def _members_of(project: Project) -> set[str]:
    return set(Membership.objects.filter(project=project).values_list("user__username", flat=True))


@pytest.mark.covers("projects:group_add")
def test_adding_a_group_adds_its_visible_members_at_once_and_logs_it(teams: Teams) -> None:
    client = teams.web_client(teams.manager)
    response = client.post(
        reverse("projects:group_add", args=[teams.c.pk]), {"group": teams.group.pk}, follow=True
    )
    assert "Group “Sales”: 2 users were added." in response.content.decode()
    # bea is in the group but in project B only: a manager of A and C cannot hand her C.
    assert _members_of(teams.c) == {"manager", "ana", "alex"}
    with scopes_disabled():
        assert set(teams.group.project_ids()) == {teams.a.pk, teams.b.pk, teams.c.pk}
        entry = ChangeLogEntry.objects.get(verb="projects.group_added")
    assert entry.additional_data == {
        "group": "Sales",
        "group_id": teams.group.pk,
        "users": ["alex", "ana"],
    }
    assert entry.actor == teams.manager and list(entry.projects.all()) == [teams.c]
    page = client.get(reverse("projects:detail", args=[teams.c.pk])).content.decode()
    assert "Sales" in page and "Remove its users" in page


@pytest.mark.covers("projects:group_remove")
def test_removing_a_group_takes_its_members_out_and_logs_it(teams: Teams) -> None:
    services.project_group_add(project=teams.c, group=teams.group, user=teams.manager)
    client = teams.web_client(teams.manager)
    url = reverse("projects:group_remove", args=[teams.c.pk, teams.group.pk])
    response = client.post(url, follow=True)
    assert "Group “Sales”: 2 users were removed." in response.content.decode()
    assert _members_of(teams.c) == {"manager"}
    with scopes_disabled():
        entry = ChangeLogEntry.objects.get(verb="projects.group_removed")
        assert teams.c.pk not in teams.group.project_ids()
    assert entry.additional_data["users"] == ["alex", "ana"]


def test_adding_twice_adds_nobody_the_second_time(teams: Teams) -> None:
    services.project_group_add(project=teams.c, group=teams.group, user=teams.manager)
    again = services.project_group_add(project=teams.c, group=teams.group, user=teams.manager)
    assert again == []
    assert Membership.objects.filter(project=teams.c).count() == 3


def test_a_foreign_group_or_project_is_404(teams: Teams) -> None:
    with scopes_disabled():
        foreign = UserGroupFactory.create(projects=[teams.b], members=[teams.bea])
    client = teams.web_client(teams.manager)
    assert (
        client.post(reverse("projects:group_remove", args=[teams.c.pk, foreign.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("projects:group_add", args=[teams.b.pk]), {"group": teams.group.pk}
    )
    assert response.status_code == 404
    # A foreign group's id in the add form is refused like an unknown one.
    response = client.post(
        reverse("projects:group_add", args=[teams.c.pk]), {"group": foreign.pk}, follow=True
    )
    assert "Choose one of your groups to add." in response.content.decode()
    assert _members_of(teams.c) == {"manager"}


def test_editing_a_group_keeps_members_the_editor_cannot_see(teams: Teams) -> None:
    client = teams.web_client(teams.manager)
    url = reverse("projects:group_edit", args=[teams.group.pk])
    form = client.get(url).context["form"]
    assert {u.username for u in form.fields["members"].queryset} == {"manager", "ana", "alex"}
    data = {"name": "Sales", "description": "", "projects": [teams.a.pk], "members": [teams.ana.pk]}
    assert client.post(url, data).status_code == 302
    with scopes_disabled():
        assert set(teams.group.members.values_list("username", flat=True)) == {"ana", "bea"}
    detail = client.get(reverse("projects:group_detail", args=[teams.group.pk])).content.decode()
    assert "ana" in detail and "bea" not in detail


def test_a_user_of_another_project_cannot_be_put_in_a_group(teams: Teams) -> None:
    client = teams.web_client(teams.manager)
    url = reverse("projects:group_edit", args=[teams.group.pk])
    data = {"name": "Sales", "projects": [teams.a.pk], "members": [teams.bea.pk]}
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["members"]
    api = teams.api_client(teams.manager)
    response = api.patch(
        reverse("usergroup-detail", args=[teams.group.pk]),
        {"members": [teams.bea.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "members" in response.json()


@pytest.mark.covers("usergroup-add-to-project", "usergroup-remove-from-project")
def test_api_adds_and_removes_a_group(teams: Teams) -> None:
    api = teams.api_client(teams.manager)
    add = reverse("usergroup-add-to-project", args=[teams.group.pk])
    response = api.post(add, {"project": teams.c.pk}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["project"] == teams.c.pk and set(body["users"]) == {teams.alex.pk, teams.ana.pk}
    assert _members_of(teams.c) == {"manager", "ana", "alex"}
    with scopes_disabled():
        assert ChangeLogEntry.objects.get(verb="projects.group_added").source == "api"
    # Another project's id is refused like an unknown one; a missing project is a field error.
    for body in ({"project": teams.b.pk}, {}, {"project": "x" * 300}):
        response = api.post(add, body, content_type="application/json")
        assert response.status_code == 400 and "project" in response.json()
    remove = reverse("usergroup-remove-from-project", args=[teams.group.pk])
    response = api.post(remove, {"project": teams.c.pk}, content_type="application/json")
    assert response.status_code == 200 and set(response.json()["users"]) == {
        teams.alex.pk,
        teams.ana.pk,
    }
    assert _members_of(teams.c) == {"manager"}


def test_api_shows_only_visible_members(teams: Teams) -> None:
    api = teams.api_client(teams.manager)
    data = api.get(reverse("usergroup-detail", args=[teams.group.pk])).json()
    assert set(data["members"]) == {teams.ana.pk, teams.alex.pk} and data["member_count"] == 2


def test_group_actions_need_manage_access(teams: Teams) -> None:
    viewer = teams.add_user(
        "viewer", teams.a, permissions_named("projects.view_usergroup", "projects.view_project")
    )
    api = teams.api_client(viewer)
    add = reverse("usergroup-add-to-project", args=[teams.group.pk])
    assert (
        api.post(add, {"project": teams.a.pk}, content_type="application/json").status_code == 403
    )
    web = teams.web_client(viewer)
    assert (
        web.post(
            reverse("projects:group_add", args=[teams.a.pk]), {"group": teams.group.pk}
        ).status_code
        == 403
    )
