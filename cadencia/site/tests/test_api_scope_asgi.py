"""The API's project scope under ASGI: one scope per request, whoever authenticates, even with
many requests of users of different projects in flight at once (issue #9: the scope was set and
reset by hand across DRF's hooks and could be reset from another context)."""

import asyncio
from typing import Any

import pytest
from django.test import AsyncClient
from rest_framework.authtoken.models import Token

from cadencia.core.models import ChangeLogEntry
from cadencia.projects.testing import permissions_named
from cadencia.resources.models import Schedule
from cadencia.resources.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULE_PERMS = (
    "resources.view_schedule",
    "resources.add_schedule",
    "resources.change_schedule",
)


def _setup(two_projects: Any) -> dict[str, Any]:
    perms = permissions_named(*SCHEDULE_PERMS)
    users = {
        "a": two_projects.add_user("in-a", two_projects.a, perms),
        "b": two_projects.add_user("in-b", two_projects.b, perms),
    }
    ScheduleFactory.create(name="only A", projects=[two_projects.a])
    ScheduleFactory.create(name="only B", projects=[two_projects.b])
    return {
        key: {
            "client": AsyncClient(),
            "auth": {"Authorization": f"Token {Token.objects.create(user=user).key}"},
            "project": getattr(two_projects, key),
            "user": user,
        }
        for key, user in users.items()
    }


def test_concurrent_requests_of_two_projects_see_only_their_own(two_projects: Any) -> None:
    world = _setup(two_projects)

    async def names(key: str) -> tuple[str, set[str]]:
        response = await world[key]["client"].get("/api/v1/schedules/", headers=world[key]["auth"])
        assert response.status_code == 200, response.content
        return key, {row["name"] for row in response.json()["results"]}

    async def run() -> list[tuple[str, set[str]]]:
        return await asyncio.gather(*(names("a" if i % 2 else "b") for i in range(40)))

    for key, seen in asyncio.run(run()):
        assert seen == {f"only {key.upper()}"}


def test_concurrent_writes_are_logged_with_their_own_actor_and_project(two_projects: Any) -> None:
    world = _setup(two_projects)

    async def create(key: str, n: int) -> None:
        project = world[key]["project"]
        response = await world[key]["client"].post(
            "/api/v1/schedules/",
            {
                "name": f"{key}-{n}",
                "time_zone": "UTC",
                "weekly_hours": {},
                "projects": [project.pk],
            },
            content_type="application/json",
            headers=world[key]["auth"],
        )
        assert response.status_code == 201, response.content

    async def run() -> None:
        await asyncio.gather(*(create("a" if i % 2 else "b", i) for i in range(20)))

    asyncio.run(run())

    for key in ("a", "b"):
        created = Schedule.objects.filter(name__startswith=f"{key}-")
        assert created.count() == 10
        for schedule in created:
            entry = ChangeLogEntry.objects.filter(
                object_pk=str(schedule.pk),
                action=ChangeLogEntry.Action.CREATE,
                content_type__model="schedule",
            ).get()
            assert entry.actor == world[key]["user"]
            assert entry.source == "api"
            assert set(entry.projects.values_list("pk", flat=True)) == {world[key]["project"].pk}
