import pytest

from cadencia.accounts.tests.factories import UserFactory
from cadencia.core.scoping import (
    ALL_PROJECTS,
    ScopeError,
    project_scope,
    scope_for_user,
    unscoped,
)
from cadencia.projects.models import Membership, Project
from cadencia.projects.services import security_mode_set
from cadencia.resources.models import Schedule
from cadencia.resources.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_projects() -> tuple[Project, Project]:
    return Project.objects.create(name="A"), Project.objects.create(name="B")


def test_query_without_scope_raises() -> None:
    with unscoped(), pytest.raises(ScopeError):
        list(Schedule.objects.all())


def test_scope_filters_and_never_duplicates(two_projects: tuple[Project, Project]) -> None:
    a, b = two_projects
    only_a = ScheduleFactory.create(projects=[a])
    both = ScheduleFactory.create(projects=[a, b])
    only_b = ScheduleFactory.create(projects=[b])
    with project_scope([a]):
        assert set(Schedule.objects.all()) == {only_a, both}
    with project_scope([a, b]):
        assert sorted(s.pk for s in Schedule.objects.all()) == sorted(
            [only_a.pk, both.pk, only_b.pk]
        )
    with project_scope([]):
        assert not Schedule.objects.exists()
    with project_scope(ALL_PROJECTS):
        assert Schedule.objects.count() == 3


def test_user_scope_follows_memberships_and_view_all(two_projects: tuple[Project, Project]) -> None:
    a, _b = two_projects
    security_mode_set(mode="enhanced")
    user = UserFactory.create()
    Membership.objects.filter(user=user).delete()
    Membership.objects.create(user=user, project=a)
    assert scope_for_user(user) == frozenset({a.pk})
    from django.contrib.auth.models import Permission

    user.role.permissions.add(Permission.objects.get(codename="view_all_projects"))  # type: ignore[union-attr]
    from cadencia.accounts.models import User

    assert scope_for_user(User.objects.get(pk=user.pk)) is ALL_PROJECTS


def test_anonymous_scope_is_empty() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert scope_for_user(AnonymousUser()) == frozenset()


def test_simplified_mode_scope_is_everything() -> None:
    user = UserFactory.create()
    assert scope_for_user(user) is ALL_PROJECTS
