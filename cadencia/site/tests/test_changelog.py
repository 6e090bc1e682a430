import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks import task

from cadencia.core.changelog import ChangeSource, change_context
from cadencia.core.models import ChangeLogEntry
from cadencia.core.tasks import scoped_task
from cadencia.projects.models import Project
from cadencia.projects.services import security_mode_set
from cadencia.resources.models import Schedule
from cadencia.resources.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db


def test_entries_are_immutable() -> None:
    ScheduleFactory.create()
    entry = ChangeLogEntry.objects.first()
    assert entry is not None
    entry.object_repr = "tampered"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_command_source_and_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo_data", "--quiet-logins")
    entry = ChangeLogEntry.objects.filter(content_type__model="schedule").first()
    assert entry is not None
    assert entry.source == ChangeSource.COMMAND
    assert entry.request_id


@task()
@scoped_task
def rename_schedules(*, new_name: str) -> int:
    count = 0
    for schedule in Schedule.objects.all():
        schedule.name = new_name
        schedule.save()
        count += 1
    return count


def test_task_wrapper_scopes_and_logs_source_task() -> None:
    a, b = Project.objects.create(name="A"), Project.objects.create(name="B")
    in_a = ScheduleFactory.create(projects=[a])
    in_b = ScheduleFactory.create(projects=[b])
    result = rename_schedules.func(new_name="Renamed", scope_projects=[a.pk], actor_id=None)
    assert result == 1
    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert (in_a.name, in_b.name) != ("Renamed", "Renamed")
    assert in_a.name == "Renamed"
    entry = ChangeLogEntry.objects.filter(object_pk=str(in_a.pk), action=1).first()
    assert entry is not None and entry.source == ChangeSource.TASK


@pytest.mark.covers("changelog-list", "core:changelog")
def test_changelog_page_shows_only_visible_projects(demo_users: dict[str, object]) -> None:
    security_mode_set(mode="enhanced")
    a = Project.objects.create(name="A")
    b = Project.objects.create(name="B")
    from cadencia.projects.models import Membership

    Membership.objects.filter(user=demo_users["supervisor"]).delete()  # type: ignore[misc]
    Membership.objects.create(user=demo_users["supervisor"], project=a)  # type: ignore[misc]
    ScheduleFactory.create(name="Visible hours", projects=[a])
    ScheduleFactory.create(name="Secret hours", projects=[b])
    client = Client()
    client.force_login(demo_users["supervisor"])  # type: ignore[arg-type]
    body = client.get(reverse("core:changelog")).content.decode()
    assert "Visible hours" in body and "Secret hours" not in body
    api = client.get("/api/v1/changelog/").json()["results"]
    assert {e["object_repr"] for e in api} >= {"Visible hours"}
    assert "Secret hours" not in {e["object_repr"] for e in api}
    # filtering by a foreign project is refused, not silently widened
    response = client.get(reverse("core:changelog"), {"project": b.pk})
    assert "Secret hours" not in response.content.decode()


def test_changelog_filters(demo_users: dict[str, object]) -> None:
    client = Client()
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    with change_context(source=ChangeSource.WEB, actor=demo_users["admin"]):
        ScheduleFactory.create(name="By admin")
    ScheduleFactory.create(name="By system")
    body = client.get(
        reverse("core:changelog"),
        {"actor": demo_users["admin"].pk, "action": 0},  # type: ignore[attr-defined]
    ).content.decode()
    assert "By admin" in body and "By system" not in body
    old = client.get(reverse("core:changelog"), {"since": "2000-01-01", "until": "2000-01-02"})
    assert "By admin" not in old.content.decode()


@pytest.mark.covers("changelog-detail")
def test_no_api_write_on_changelog(demo_users: dict[str, object]) -> None:
    ScheduleFactory.create()
    entry = ChangeLogEntry.objects.first()
    assert entry is not None
    client = Client()
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    assert client.delete(f"/api/v1/changelog/{entry.pk}/").status_code == 405
    assert client.patch(f"/api/v1/changelog/{entry.pk}/", {}).status_code == 405
    assert client.post("/api/v1/changelog/", {}).status_code == 405


def test_changelog_requires_permission(demo_users: dict[str, object]) -> None:
    client = Client()
    client.force_login(demo_users["agent"])  # type: ignore[arg-type]
    assert client.get(reverse("core:changelog")).status_code == 403
    assert client.get("/api/v1/changelog/").status_code == 403
    assert Client().get(reverse("core:changelog")).status_code == 302
    assert Client().get("/api/v1/changelog/").status_code == 401
